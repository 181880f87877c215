import CFFmpeg

/// One decoded video frame, upright, with its presentation time.
public struct VideoFrame: Sendable {
    public let image: RGBImage
    /// Seconds from the start of the stream (the stream's first timestamp is 0).
    public let time: Double
    /// Seconds the frame is shown: until the next frame's time (a variable-frame-rate video's frames differ);
    /// for the last frame, until the stream's stated end, else the container's figure for the frame, else
    /// one frame at the average rate.
    public let duration: Double

    /// `time` and `duration`, as the MP4 writer takes them to keep a video's timing.
    public var frameTime: MP4Writer.FrameTime { MP4Writer.FrameTime(start: time, duration: duration) }
}

/// Decodes the video stream of any container/codec FFmpeg reads, frame by frame (constant memory),
/// with timestamps taken from the stream (variable frame rate is reported as it is), rotation
/// metadata applied, and the audio track available through `audio()`.
public final class VideoReader {
    public let path: String
    /// Displayed size (after rotation), before any downscaling.
    public let width: Int
    public let height: Int
    /// Average frame rate as the container states it (frames per second).
    public let frameRate: Double
    /// Clockwise rotation applied to display the stored frames: 0, 90, 180 or 270.
    public let rotation: Int
    /// Container duration in seconds (0 when unknown).
    public let duration: Double
    /// Frames the container's index announces (0 when unknown).
    public let announcedFrameCount: Int
    public let hasAudio: Bool
    /// Seconds from the first video frame to the first sample `audio()` returns, as a player schedules the two
    /// streams (their start times; negative when the sound starts first). Frame times count from the first
    /// video frame, so a sample at `s` seconds into `audio()` plays at frame time `s + audioOffset`. 0 without
    /// audio or when a stream states no start.
    public let audioOffset: Double

    private let input: FormatInput
    private let streamIndex: Int32

    public init(path: String) throws(MediaError) {
        self.path = path
        input = try FormatInput(path: path)
        guard let index = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw .unsupported(path: path, reason: "it has no video stream")
        }
        streamIndex = index
        let stream = input.stream(index)
        guard let codecParameters = stream.pointee.codecpar else {
            throw .corrupt(path: path, reason: "the video stream has no codec parameters")
        }
        let parameters = codecParameters.pointee
        rotation = Self.rotation(of: stream)
        let swaps = rotation == 90 || rotation == 270
        width = Int(swaps ? parameters.height : parameters.width)
        height = Int(swaps ? parameters.width : parameters.height)
        guard width > 0, height > 0 else { throw .corrupt(path: path, reason: "the video stream has no frame size") }
        let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        frameRate = rate.den > 0 ? av_q2d(rate) : 0
        duration = input.context.pointee.duration > 0 ? Double(input.context.pointee.duration) / 1_000_000 : 0
        announcedFrameCount = Int(stream.pointee.nb_frames)
        let audioIndex = input.bestStream(AVMEDIA_TYPE_AUDIO)
        hasAudio = audioIndex != nil
        if let audioIndex {
            audioOffset = VideoReader.startTime(of: input.stream(audioIndex)) - VideoReader.startTime(of: stream)
        } else {
            audioOffset = 0
        }
    }

    /// A stream's first timestamp in seconds (0 when it states none). FFmpeg counts decoder priming the
    /// container says to skip (AAC's 1024 samples in MP4's edit list) before it, so this is the first sample kept.
    private static func startTime(of stream: UnsafeMutablePointer<AVStream>) -> Double {
        let start = stream.pointee.start_time
        return start == vlg_av_nopts_value() ? 0 : Double(start) * av_q2d(stream.pointee.time_base)
    }

    /// Calls `body` with each frame in presentation order until it returns false. Each frame is handed on
    /// once the next one is decoded (its duration is the gap between them), so two frames are held. A stream that
    /// stops short of the frames its index announces (a truncated file) throws `.corrupt` at the end,
    /// after the frames that could be read.
    public func forEachFrame(
        maxLongSide: Int = Int.max,
        _ body: (VideoFrame) throws(MediaError) -> Bool
    ) throws(MediaError) {
        let stream = input.stream(streamIndex)
        let decoder = try StreamDecoder(stream: stream, path: path, threads: 0)
        let timeBase = stream.pointee.time_base
        let startTime = stream.pointee.start_time != vlg_av_nopts_value() ? stream.pointee.start_time : 0
        let orientation: ImageOrientation =
            switch rotation {
            case 90: .right
            case 180: .down
            case 270: .left
            default: .up
            }
        var decoded = 0
        var stopped = false
        var held: VideoFrame?
        let packets = try decodeFrames(input, stream: streamIndex, decoder: decoder) { frame throws(MediaError) in
            let timestamp =
                frame.pointee.best_effort_timestamp != vlg_av_nopts_value()
                ? frame.pointee.best_effort_timestamp : frame.pointee.pts
            let time =
                timestamp == vlg_av_nopts_value()
                ? Double(decoded) / max(frameRate, 1)
                : Double(timestamp - startTime) * av_q2d(timeBase)
            let stated = vlg_frame_duration(frame)
            let duration = stated > 0 ? Double(stated) * av_q2d(timeBase) : 1 / max(frameRate, 1)
            let image = try ImageDecoder.convert(frame, maxLongSide: maxLongSide, path: path, orientation: orientation)
            decoded += 1
            if let previous = held, time > previous.time {
                if try !body(VideoFrame(image: previous.image, time: previous.time, duration: time - previous.time)) {
                    stopped = true
                    held = nil
                    return false
                }
            } else if let previous = held {
                // A timestamp that does not advance (a broken stream): hand the frame on as it is.
                if try !body(previous) {
                    stopped = true
                    held = nil
                    return false
                }
            }
            held = VideoFrame(image: image, time: time, duration: duration)
            return true
        }
        if let last = held {
            let end = stream.pointee.duration > 0 ? Double(stream.pointee.duration) * av_q2d(timeBase) : 0
            _ = try body(
                VideoFrame(
                    image: last.image, time: last.time,
                    duration: end > last.time + 1e-6 ? end - last.time : last.duration))
        }
        if !stopped && announcedFrameCount > 0 && packets < announcedFrameCount {
            throw .corrupt(
                path: path, reason: "it is truncated: \(packets) of \(announcedFrameCount) frames are present")
        }
        if !stopped && decoded == 0 { throw .corrupt(path: path, reason: "no video frame could be decoded") }
    }

    /// The audio track, decoded at its own rate and channel count.
    public func audio() throws(MediaError) -> AudioClip {
        guard hasAudio else { throw .noAudioStream(path: path) }
        return try AudioDecoder.decodeWithFFmpeg(path: path)
    }

    /// Clockwise degrees from the stream's display matrix (FFmpeg reports counter-clockwise).
    private static func rotation(of stream: UnsafeMutablePointer<AVStream>) -> Int {
        guard let data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nil) else { return 0 }
        let counterClockwise = data.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_get($0) }
        guard counterClockwise.isFinite else { return 0 }
        let clockwise = Int((-counterClockwise).rounded())
        return ((clockwise % 360) + 360) % 360 / 90 * 90
    }
}
