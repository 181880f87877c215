import Foundation
import GPU
import Kernels

extension StandardBenchmarks {
    /// 60 s of 16 kHz audio to an 80-band log-mel spectrogram (fp32 only: audio features stay fp32).
    static func melSpectrogram() -> KernelBenchmark {
        let samples = 60 * 16_000
        let parameters = MelSpectrogram.Parameters()
        let frames = (samples + parameters.hopLength - 1) / parameters.hopLength
        // Per frame: a real FFT counted as 5 N log2 N flops, the power spectrum and the mel weights
        // (2 flops per bin per band; the kernel skips the zero weights, so this is an upper bound).
        let n = Double(parameters.fftSize)
        let perFrame = 5 * n * log2(n) + 2 * Double(parameters.melCount * (parameters.fftSize / 2 + 1))
        return KernelBenchmark(
            kernel: "mel_spectrogram", shape: "60 s 16 kHz, 80 mels",
            work: .flops(Double(frames) * perFrame)
        ) {
            (device) throws(GPUError) in
            let kernel = try MelSpectrogram(parameters)
            let tables = try kernel.makeTables(on: device)
            let signal = benchmarkData(samples)
            let input = try device.makeBuffer(signal)
            let output = try device.makeBuffer(byteCount: frames * parameters.melCount * 4)
            return KernelBenchmark.Prepared(
                encode: { (stream) throws(GPUError) in
                    try kernel.encode(on: stream, signal: input, sampleCount: samples, tables: tables, output: output)
                }, runReference: { _ = MelSpectrogram.reference(signal: signal, parameters: parameters) })
        }
    }
}
