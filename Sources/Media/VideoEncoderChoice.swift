import CFFmpeg

/// Checks a video encoder name before any work is done, so a typo or an encoder that cannot make
/// MP4 video is a usage error at the start rather than a failure after perception and motion.
public enum VideoEncoderChoice {
    /// Throws `.invalidRequest` unless `name` is a video encoder in this FFmpeg build that takes the
    /// 4:2:0 frames `MP4Writer` feeds it and makes a codec an MP4 file can hold.
    public static func validate(_ name: String) throws(MediaError) {
        quietFFmpegLogging()
        guard let codec = avcodec_find_encoder_by_name(name) else {
            throw .invalidRequest(
                "--encoder \(name) is not an encoder in this FFmpeg build; use libx264, or one that `ffmpeg -encoders` lists"
            )
        }
        guard codec.pointee.type == AVMEDIA_TYPE_VIDEO else {
            throw .invalidRequest(
                "--encoder \(name) does not encode video; use libx264 or another H.264/HEVC/AV1 encoder")
        }
        let format = av_guess_format("mp4", nil, nil)
        let fitsMP4 = format.map { avformat_query_codec($0, codec.pointee.id, FF_COMPLIANCE_NORMAL) == 1 } ?? true
        guard takesYUV420(codec), fitsMP4 else {
            throw .invalidRequest(
                "--encoder \(name) cannot make the 4:2:0 MP4 video this program writes; use libx264 or another H.264/HEVC/AV1 encoder"
            )
        }
    }

    /// Whether the encoder lists yuv420p among its input formats (an encoder that lists none takes any).
    private static func takesYUV420(_ codec: UnsafePointer<AVCodec>) -> Bool {
        guard var format = codec.pointee.pix_fmts else { return true }
        while format.pointee != AV_PIX_FMT_NONE {
            if format.pointee == AV_PIX_FMT_YUV420P { return true }
            format += 1
        }
        return false
    }
}
