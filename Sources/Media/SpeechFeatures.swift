import GPU
import Kernels

/// Per-frame speech features for the motion generator, all on the same 10 ms grid:
/// frame `i` is the hop-long slot starting at sample `i * hop` of the 16 kHz analysis signal.
public struct SpeechFeatures: Sendable {
    public let frameCount: Int
    public let melCount: Int
    /// Log-mel spectrogram, [frameCount][melCount] (see MelSpectrogram for the exact definition).
    public let logMel: [Float]
    /// RMS amplitude per frame.
    public let energy: [Float]
    /// F0 in Hz per frame, 0 where unvoiced (YIN).
    public let pitch: [Float]

    /// Computes the features of `audio.analysis`. The mel spectrogram runs on `device` when one
    /// is given (one dispatch; the whole signal must fit one storage binding, about 35 minutes on
    /// lavapipe's 128 MiB limit), else on the CPU with the kernel's reference.
    public static func compute(_ audio: SpeechAudio, device: GPUDevice?,
                               mel parameters: MelSpectrogram.Parameters = .init()) throws(GPUError) -> SpeechFeatures {
        try require(parameters.sampleRate == SpeechAudio.analysisSampleRate,
                    "speech features are computed at \(SpeechAudio.analysisSampleRate) Hz, mel asked for \(parameters.sampleRate)")
        let mel = try MelSpectrogram(parameters)
        let signal: [Float]
        do { signal = try audio.analysis } catch { throw .invalidArgument("the speech could not be read back: \(error)") }
        let frames = mel.frameCount(sampleCount: signal.count)
        let logMel: [Float]
        if let device {
            let output = try device.makeBuffer(byteCount: frames * parameters.melCount * 4)
            let stream = try device.makeStream()
            try mel.encode(on: stream, signal: try device.makeBuffer(signal), sampleCount: signal.count,
                           tables: try mel.makeTables(on: device), output: output)
            try stream.submitAndWait()
            logMel = try output.read(Float.self, count: frames * parameters.melCount)
        } else {
            logMel = MelSpectrogram.reference(signal: signal, parameters: parameters)
        }
        return SpeechFeatures(frameCount: frames, melCount: parameters.melCount, logMel: logMel,
                              energy: Prosody.energy(signal, hop: parameters.hopLength),
                              pitch: Prosody.pitch(signal, sampleRate: parameters.sampleRate, hop: parameters.hopLength))
    }
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(GPUError) {
    if !condition { throw .invalidArgument(message()) }
}
