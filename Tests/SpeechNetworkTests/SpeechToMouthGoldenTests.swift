import Foundation
import GPU
import Kernels
import Media
import NN
import SpeechNetwork
import TestSupport
import XCTest

/// The speech-to-mouth network on our kernels against PyTorch (Training/export.py golden: a small network from a
/// fixed seed, its weights rounded to fp16 and stored so, run by PyTorch on a fixed 2.3 s signal).
final class SpeechToMouthGoldenTests: GPUTestCase {
    private let folder = GoldenFixture.root.appendingPathComponent("speech_to_mouth")

    private func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    private func weights() throws -> SpeechToMouthWeights {
        try SpeechToMouthWeights(SafeTensorsFile(contentsOf: folder.appendingPathComponent("weights.safetensors")))
    }

    func testTheGPUNetworkMatchesPyTorch() throws {
        let result = try SpeechToMouthNetwork(device: device, weights: try weights()).run(
            signal: try floats("signal.f32"))
        XCTAssertEqual(result.count, 116)
        assertConforms(result.controls, try floats("controls.f32"), .fp32, "controls, GPU vs PyTorch")
        assertConforms(result.logits, try floats("logits.f32"), .fp32, "phoneme logits, GPU vs PyTorch")
    }

    func testTheCPUReferenceMatchesPyTorch() throws {
        let signal = try floats("signal.f32")
        let weights = try weights()
        let features = MelSpectrogram.reference(signal: signal, parameters: .init())
        let result = SpeechToMouthReference.run(features: features, frames: features.count / 80, weights: weights)
        assertConforms(result.controls, try floats("controls.f32"), .fp32, "controls, CPU vs PyTorch")
        assertConforms(result.logits, try floats("logits.f32"), .fp32, "phoneme logits, CPU vs PyTorch")
    }

    func testWeightsOfAnotherShapeAreANamedError() throws {
        let file = try SafeTensorsFile(contentsOf: folder.appendingPathComponent("weights.safetensors"))
        XCTAssertEqual(file.metadata["width"], "32")
        // The same tensors claimed as a wider network: the first tensor read names the mismatch.
        var data = try Data(contentsOf: folder.appendingPathComponent("weights.safetensors"))
        let header = String(decoding: data[8..<(8 + Int(data[0]) + Int(data[1]) << 8)], as: UTF8.self)
        let wider = header.replacingOccurrences(of: #""width":"32""#, with: #""width":"64""#)
        XCTAssertEqual(wider.utf8.count, header.utf8.count)
        data.replaceSubrange(8..<(8 + header.utf8.count), with: Data(wider.utf8))
        XCTAssertThrowsError(try SpeechToMouthWeights(SafeTensorsFile(data: data, path: "wider"))) { error in
            guard case .corruptWeights(path: "wider", let detail)? = error as? NNError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(detail.contains("subsample.weight has the shape [32, 80, 5], not [64, 80, 5]"), detail)
        }
    }
}

/// Long recordings run a window at a time; the frames line up with one run over the whole signal.
final class SpeechToMouthWindowTests: GPUTestCase {
    private let folder = GoldenFixture.root.appendingPathComponent("speech_to_mouth")

    private func network() throws -> (SpeechToMouthNetwork, [Float]) {
        let weights = try SpeechToMouthWeights(
            SafeTensorsFile(contentsOf: folder.appendingPathComponent("weights.safetensors")))
        let data = try Data(contentsOf: folder.appendingPathComponent("signal.f32"))
        return (
            try SpeechToMouthNetwork(device: device, weights: weights),
            data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        )
    }

    func testOneWindowCoveringTheSignalIsTheWholeRun() throws {
        let (network, signal) = try network()
        let whole = try network.run(signal: signal)
        let windowed = try network.run(
            audio: AudioClip(samples: signal, sampleRate: 16_000, channels: 1), window: 200, context: 40)
        XCTAssertEqual(windowed, whole)
    }

    func testWindowsKeepTheirMiddleFramesAndCoverEveryFrame() throws {
        let (network, signal) = try network()
        let audio = AudioClip(samples: signal, sampleRate: 16_000, channels: 1)
        let windowed = try network.run(audio: audio, window: 40, context: 10)
        XCTAssertEqual(windowed.count, 116)
        XCTAssertEqual(windowed.controls.count, 116 * 7)
        // The second window keeps frames 20..<40 and sees frames 10..<50, i.e. samples 3200..<16000.
        let second = try network.run(signal: Array(signal[3_200..<16_000]))
        XCTAssertEqual(Array(windowed.controls[(20 * 7)..<(40 * 7)]), Array(second.controls[(10 * 7)..<(30 * 7)]))
    }

    func testAudioOtherThan16kHzMonoIsRefused() throws {
        let (network, _) = try network()
        XCTAssertThrowsError(try network.run(audio: AudioClip(samples: [0, 0], sampleRate: 22_050, channels: 1))) {
            error in
            guard case .unsupportedAudio(sampleRate: 22_050, channels: 1)? = error as? SpeechNetworkError else {
                return XCTFail("\(error)")
            }
        }
    }
}
