import Foundation

/// Writes audio as a 16-bit PCM WAV file (RIFF, little-endian), the format every tool reads: `motion --speech-out`
/// saves the speech it synthesized, so the motion file and its sound can be used together elsewhere (training data,
/// another renderer). Like every output, the file appears only when complete and replaces an existing one only
/// with `overwrite`.
public enum WAVWriter {
    /// The largest data chunk a RIFF size field can describe.
    static let maximumDataBytes = Int(UInt32.max) - 36

    public static func write(_ audio: some AudioSource, to path: String, overwrite: Bool = false) throws(MediaError) {
        try AtomicFileWriter.write(try encode(audio, path: path), to: path, overwrite: overwrite)
    }

    /// The file's bytes: a 44-byte header, then the samples rounded to 16 bits (clipped to -1...1).
    static func encode(_ audio: some AudioSource, path: String) throws(MediaError) -> Data {
        let dataBytes = audio.frameCount * audio.channels * 2
        guard audio.channels > 0, audio.sampleRate > 0, dataBytes <= maximumDataBytes else {
            throw .invalidRequest(
                "\(path) would hold \(audio.duration) s of \(audio.channels)-channel audio, more than a WAV file can; "
                    + "write a shorter clip")
        }
        var bytes = Data(capacity: 44 + dataBytes)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + dataBytes))
        bytes.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16)) // fmt chunk size
        append(UInt16(1)) // PCM
        append(UInt16(audio.channels))
        append(UInt32(audio.sampleRate))
        append(UInt32(audio.sampleRate * audio.channels * 2)) // bytes per second
        append(UInt16(audio.channels * 2)) // block align
        append(UInt16(16)) // bits per sample
        bytes.append(contentsOf: Array("data".utf8))
        append(UInt32(dataBytes))
        try audio.forEachChunk { samples throws(MediaError) in
            for sample in samples {
                let clipped = sample.isNaN ? 0 : min(max(sample, -1), 1)
                // x 32768 and clamped, the inverse of how decoders read 16-bit PCM (/ 32768).
                append(Int16(clamping: Int((clipped * 32_768).rounded())))
            }
        }
        return bytes
    }
}
