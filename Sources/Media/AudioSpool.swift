import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Audio kept in a temporary file instead of memory: speech of any length costs a file descriptor and
/// page cache, not resident memory. The file is unlinked the moment it is created, so nothing is left
/// behind, not even after a crash. Filled once through `AudioSpool.Writer`, then read-only; `pread`
/// makes concurrent reads safe.
public final class AudioSpool: AudioSource {
    public let sampleRate: Int
    public let channels: Int
    public let frameCount: Int
    private let descriptor: Int32

    fileprivate init(descriptor: Int32, sampleRate: Int, channels: Int, frameCount: Int) {
        self.descriptor = descriptor
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameCount = frameCount
    }

    deinit { close(descriptor) }

    public func read(_ range: Range<Int>) throws(MediaError) -> [Float] {
        let frames = range.clamped(to: 0..<frameCount)
        let count = frames.count * channels
        guard count > 0 else { return [] }
        let offset = frames.lowerBound * channels * MemoryLayout<Float>.size
        var failure: Int32 = 0
        let samples = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            let bytes = UnsafeMutableRawBufferPointer(buffer)
            var done = 0
            while done < bytes.count {
                let got = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                if got < 0 && errno == EINTR { continue }
                if got <= 0 {
                    failure = got < 0 ? errno : EIO
                    break
                }
                done += got
            }
            initialized = failure == 0 ? count : 0
        }
        guard failure == 0 else {
            throw .scratchUnavailable(reason: "reading spooled audio: \(String(cString: strerror(failure)))")
        }
        return samples
    }

    /// The whole spool in memory (for tests and short clips).
    public func clip() throws(MediaError) -> AudioClip {
        AudioClip(samples: try read(0..<frameCount), sampleRate: sampleRate, channels: channels)
    }

    /// `clip` written to a new spool.
    public static func spooling(_ clip: AudioClip) throws(MediaError) -> AudioSpool {
        let writer = try Writer(sampleRate: clip.sampleRate, channels: clip.channels)
        try clip.samples.withUnsafeBufferPointer { samples throws(MediaError) in try writer.append(samples) }
        return writer.finish()
    }

    /// The audio of `path` (any audio file or a video's sound), decoded into a new spool a stretch at a time.
    public static func decoding(path: String) throws(MediaError) -> AudioSpool {
        var writer: Writer?
        let format = try AudioDecoder.stream(path: path) { chunk, format throws(MediaError) in
            if writer == nil { writer = try Writer(sampleRate: format.sampleRate, channels: format.channels) }
            try writer?.append(chunk)
        }
        if let writer { return writer.finish() }
        return try Writer(sampleRate: format.sampleRate, channels: format.channels).finish()
    }

    /// Appends interleaved samples to a fresh anonymous file; `finish()` hands over the spool.
    public final class Writer {
        public let sampleRate: Int
        public let channels: Int
        public private(set) var frameCount = 0
        private var descriptor: Int32

        /// Creates the file in the temporary folder (`TMPDIR`, else /tmp).
        public init(sampleRate: Int, channels: Int) throws(MediaError) {
            precondition(sampleRate > 0 && channels > 0, "AudioSpool needs a positive rate and channel count")
            self.sampleRate = sampleRate
            self.channels = channels
            let folder = FileManager.default.temporaryDirectory.path
            var template = Array("\(folder)/vlogger-gpu-audio-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else {
                throw .scratchUnavailable(reason: "creating a file in \(folder): \(String(cString: strerror(errno)))")
            }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            self.descriptor = descriptor
        }

        deinit { if descriptor >= 0 { close(descriptor) } }

        /// Appends whole frames (`samples.count` must be a multiple of `channels`).
        public func append(_ samples: UnsafeBufferPointer<Float>) throws(MediaError) {
            precondition(descriptor >= 0, "append after finish")
            precondition(samples.count % channels == 0, "AudioSpool.append takes whole frames")
            let bytes = UnsafeRawBufferPointer(samples)
            var done = 0
            while done < bytes.count {
                let wrote = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if wrote < 0 && errno == EINTR { continue }
                guard wrote > 0 else {
                    let reason = wrote < 0 ? String(cString: strerror(errno)) : "nothing was written"
                    throw .scratchUnavailable(reason: "writing spooled audio: \(reason)")
                }
                done += wrote
            }
            frameCount += samples.count / channels
        }

        public func append(_ samples: [Float]) throws(MediaError) {
            try samples.withUnsafeBufferPointer { buffer throws(MediaError) in try append(buffer) }
        }

        /// The spool, read-only from here on; the writer cannot be used afterwards.
        public func finish() -> AudioSpool {
            precondition(descriptor >= 0, "finish called twice")
            defer { descriptor = -1 }
            return AudioSpool(
                descriptor: descriptor, sampleRate: sampleRate, channels: channels, frameCount: frameCount)
        }
    }
}
