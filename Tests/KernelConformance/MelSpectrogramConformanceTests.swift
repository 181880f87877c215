import Foundation
import GPU
import Kernels
import TestSupport
import XCTest

final class MelSpectrogramConformanceTests: GPUTestCase {
    /// Noise plus a chirp: every mel band gets real energy, so the log is well conditioned.
    private func speechLikeSignal(_ count: Int, _ random: inout InputGenerator) -> [Float] {
        let noise = random.floats(count, in: -0.3...0.3)
        return (0..<count).map { n in
            let t = Double(n) / 16_000
            return noise[n] + Float(0.5 * sin(2 * Double.pi * (200 * t + 1_500 * t * t)))
        }
    }

    private func runGPU(_ mel: MelSpectrogram, _ signal: [Float]) throws -> [Float] {
        let output = try device.tensor(count: mel.frameCount(sampleCount: signal.count) * mel.parameters.melCount)
        let stream = try device.makeStream()
        try mel.encode(
            on: stream, signal: try device.tensor(signal), sampleCount: signal.count,
            tables: try mel.makeTables(on: device), output: output)
        try stream.submitAndWait()
        return try output.floats(mel.frameCount(sampleCount: signal.count) * mel.parameters.melCount)
    }

    /// Checks each case (fp32: the kernel reads and writes fp32 only) on a speech-like signal of its length.
    private func check(
        _ cases: [(parameters: MelSpectrogram.Parameters, sampleCount: Int)], seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        checkKernel("MelSpectrogram", cases, seed: seed, dataTypes: [.float32], file: file, line: line) { mel, random in
            speechLikeSignal(mel.sampleCount, &random)
        } reference: { mel, signal in
            let expected = MelSpectrogram.reference(signal: signal, parameters: mel.parameters)
            let frames = try MelSpectrogram(mel.parameters).frameCount(sampleCount: mel.sampleCount)
            XCTAssertEqual(
                expected.count, frames * mel.parameters.melCount, "the reference's frames",
                file: file, line: line)
            return expected
        } gpu: { mel, signal, run in
            let kernel = try MelSpectrogram(mel.parameters)
            try kernel.encode(
                on: run.stream, signal: run.tensor(signal), sampleCount: mel.sampleCount,
                tables: kernel.makeTables(on: run.device), output: run.output)
        }
    }

    func testDefaultParametersMatchReferenceAtLengthsOnAndOffTheHop() throws {
        // 1 sample, shorter than a window, exact hops, and lengths that end mid-hop: a frame every 160 samples.
        let counts = [1, 250, 1_600, 4_001, 8_159]
        for count in counts { XCTAssertEqual(try MelSpectrogram().frameCount(sampleCount: count), (count + 159) / 160) }
        check(counts.map { (MelSpectrogram.Parameters(), $0) }, seed: 10)
    }

    func testOtherFFTSizesWindowsAndMelCountsMatchReference() throws {
        let options: [MelSpectrogram.Parameters] = [
            .init(windowLength: 256, hopLength: 128, fftSize: 256, melCount: 40),
            .init(
                windowLength: 1_000, hopLength: 333, fftSize: 1_024, melCount: 128, minFrequency: 50,
                maxFrequency: 7_600),
            .init(sampleRate: 8_000, windowLength: 200, hopLength: 80, fftSize: 256, melCount: 23),
            .init(windowLength: 7, hopLength: 3, fftSize: 8, melCount: 2),
        ]
        check(options.map { ($0, 2_345) }, seed: 20)
    }

    func testSilenceGivesTheLogFloor() throws {
        let mel = try MelSpectrogram()
        let output = try runGPU(mel, [Float](repeating: 0, count: 480))
        XCTAssertEqual(output.count, 3 * 80)
        for value in output { XCTAssertEqual(value, log(MelSpectrogram.logFloor), accuracy: 1e-5) }
    }

    func testAToneLightsUpTheBandAroundItsFrequency() throws {
        let mel = try MelSpectrogram()
        let signal = (0..<3_200).map { Float(0.5 * sin(2 * Double.pi * 1_000 * Double($0) / 16_000)) }
        let output = try runGPU(mel, signal)
        let middle = Array(output[(10 * 80)..<(11 * 80)])
        let loudest = middle.indices.max { middle[$0] < middle[$1] }!
        let bank = MelSpectrogram.filterbank(mel.parameters)
        let row = Array(bank.weights[(loudest * 257)..<((loudest + 1) * 257)])
        let peakBin = try XCTUnwrap(row.indices.max { row[$0] < row[$1] })
        XCTAssertEqual(Double(peakBin) * 16_000 / 512, 1_000, accuracy: 100, "band \(loudest)")
    }

    func testRejectsInvalidParametersAndShortBuffers() throws {
        assertInvalidArgument(try MelSpectrogram(.init(fftSize: 500)))
        assertInvalidArgument(try MelSpectrogram(.init(windowLength: 600, fftSize: 512)))
        assertInvalidArgument(try MelSpectrogram(.init(hopLength: 0)))
        assertInvalidArgument(try MelSpectrogram(.init(maxFrequency: 9_000)))
        let mel = try MelSpectrogram()
        let stream = try device.makeStream()
        assertInvalidArgument(
            try mel.encode(
                on: stream, signal: try device.tensor(count: 1_000), sampleCount: 1_000,
                tables: try mel.makeTables(on: device), output: try device.tensor(count: 80)))
    }

    /// The speech-to-mouth model trains on PyTorch's log-mel (Training/features.py); the kernel and its reference
    /// must compute the same numbers, or the model sees other features at inference than in training.
    func testDefaultParametersMatchTheTrainingFeaturesOfPyTorch() throws {
        let folder = GoldenFixture.root.appendingPathComponent("log_mel")
        func floats(_ name: String) throws -> [Float] {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        }
        let signal = try floats("signal.f32")
        let torch = try floats("log_mel.f32")
        let mel = try MelSpectrogram()
        XCTAssertEqual(mel.frameCount(sampleCount: signal.count) * 80, torch.count)
        assertConforms(
            MelSpectrogram.reference(signal: signal, parameters: mel.parameters), torch, .fp32,
            "CPU reference vs PyTorch")
        assertConforms(try runGPU(mel, signal), torch, .fp32, "GPU vs PyTorch")
    }
}
