import CFFmpeg
import Foundation

/// Decodes still images (PNG, JPEG, WebP, BMP and anything else FFmpeg's image demuxers read)
/// into upright 8-bit RGB, downscaled so the long side is at most `maxLongSide`.
public enum ImageDecoder {
    public static let defaultMaxLongSide = 1024

    /// Reads `path`. JPEG EXIF orientation is applied; grayscale and palette images become RGB;
    /// alpha is kept as `RGBImage.alpha`. Larger images are shrunk with swscale's area filter
    /// (an average over each destination pixel's footprint: no aliasing, no ringing).
    public static func decode(path: String, maxLongSide: Int = defaultMaxLongSide) throws(MediaError) -> RGBImage {
        quietFFmpegLogging()
        guard maxLongSide > 0 else { throw .internal("maxLongSide must be positive, got \(maxLongSide)") }
        try requireReadableFile(path)
        if let header = ImageHeader.read(path: path), !canDecode(width: header.width, height: header.height) {
            throw .imageTooLarge(path: path, width: header.width, height: header.height)
        }
        let input: FormatInput
        do {
            input = try FormatInput(path: path, formats: Self.demuxers, codecs: Self.decoders)
        } catch .corrupt(_, let reason) {
            throw .corrupt(path: path, reason: "\(reason); PNG, JPEG, WebP, BMP, GIF and TIFF are read")
        }
        guard let index = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw .corrupt(path: path, reason: "it contains no image")
        }
        let codec = input.stream(index).pointee.codecpar.pointee.codec_id
        guard Self.codecs.contains(codec) else {
            throw .unsupported(
                path: path,
                reason:
                    "it is a \(String(cString: avcodec_get_name(codec))) picture; give PNG, JPEG, WebP, BMP, GIF or TIFF"
            )
        }
        let decoder = try StreamDecoder(
            stream: input.stream(index), path: path, strict: Self.strictDecoders.contains(codec))
        var image: RGBImage?
        try decodeFrames(input, stream: index, decoder: decoder) { frame throws(MediaError) in
            image = try convert(frame, maxLongSide: maxLongSide, path: path)
            return false
        }
        guard let image else { throw .corrupt(path: path, reason: "no picture could be decoded") }
        return image
    }

    /// The demuxers and decoders a photo may go through: the formats documented, nothing else of FFmpeg's
    /// hundreds (each one more parser of untrusted bytes, and some, like libjxl, print on stderr).
    static let demuxers = "png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,gif,gif_pipe,tiff_pipe,image2"
    static let codecs = [
        AV_CODEC_ID_PNG, AV_CODEC_ID_MJPEG, AV_CODEC_ID_WEBP, AV_CODEC_ID_BMP, AV_CODEC_ID_GIF, AV_CODEC_ID_TIFF,
    ]
    static let decoders = codecs.map { String(cString: avcodec_get_name($0)) }.joined(separator: ",")
    /// Decoders whose every reported error means damage (a cut file, flipped bytes), so they run strictly: all of
    /// 609 JPEGs, 300 PNGs and 28 GIFs from this machine's documentation folders decode so. FFmpeg's TIFF decoder,
    /// when strict, also fails on valid files with a tag it does not know (an orientation tag in a CMake LZW TIFF),
    /// so TIFF conceals errors instead.
    static let strictDecoders: [AVCodecID] = [
        AV_CODEC_ID_PNG, AV_CODEC_ID_MJPEG, AV_CODEC_ID_WEBP, AV_CODEC_ID_BMP, AV_CODEC_ID_GIF,
    ]

    /// Whether FFmpeg accepts a picture of this size (its limit is about 268 million pixels with padding).
    static func canDecode(width: Int, height: Int) -> Bool {
        av_image_check_size2(UInt32(clamping: width), UInt32(clamping: height), Int64.max, AV_PIX_FMT_NONE, 0, nil) >= 0
    }

    /// The displayed size after limiting the long side (aspect ratio kept, at least 1 pixel).
    static func scaledSize(width: Int, height: Int, maxLongSide: Int) -> (width: Int, height: Int) {
        let longSide = max(width, height)
        guard longSide > maxLongSide else { return (width, height) }
        let scale = Double(maxLongSide) / Double(longSide)
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }

    /// The decoded `frame` as upright RGB (turned by `orientation`, or by its EXIF tag when nil),
    /// the long side limited to `maxLongSide`.
    static func convert(
        _ frame: UnsafeMutablePointer<AVFrame>, maxLongSide: Int, path: String,
        orientation: ImageOrientation? = nil
    ) throws(MediaError) -> RGBImage {
        let width = Int(frame.pointee.width)
        let height = Int(frame.pointee.height)
        guard width > 0, height > 0 else { throw .corrupt(path: path, reason: "the image has no pixels") }
        let sourceFormat = AVPixelFormat(frame.pointee.format)
        let hasAlpha =
            av_pix_fmt_desc_get(sourceFormat).map { Int32($0.pointee.flags) & vlg_av_pix_fmt_flag_alpha() != 0 }
            ?? false
        let target = scaledSize(width: width, height: height, maxLongSide: maxLongSide)
        let outputFormat = hasAlpha ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24
        let filter = (target.width == width && target.height == height) ? SWS_BICUBIC : SWS_AREA
        let flags = Int32(filter | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP)
        guard
            let scaler = sws_getContext(
                Int32(width), Int32(height), sourceFormat,
                Int32(target.width), Int32(target.height), outputFormat,
                flags, nil, nil, nil)
        else {
            throw .unsupported(path: path, reason: "pixel format \(pixelFormatName(sourceFormat)) cannot be converted")
        }
        defer { sws_freeContext(scaler) }
        guard let converted = av_frame_alloc() else { throw .internal("av_frame_alloc failed") }
        var convertedPointer: UnsafeMutablePointer<AVFrame>? = converted
        defer { av_frame_free(&convertedPointer) }
        converted.pointee.width = Int32(target.width)
        converted.pointee.height = Int32(target.height)
        converted.pointee.format = outputFormat.rawValue
        let status = sws_scale_frame(scaler, converted, frame)
        guard status >= 0, let base = converted.pointee.data.0 else {
            throw .corrupt(path: path, reason: "pixel conversion failed: \(ffmpegMessage(status))")
        }
        let stride = Int(converted.pointee.linesize.0)
        let channels = hasAlpha ? 4 : 3
        var rgb = [UInt8](repeating: 0, count: target.width * target.height * 3)
        var alpha: [UInt8]? = hasAlpha ? [UInt8](repeating: 0, count: target.width * target.height) : nil
        for y in 0..<target.height {
            let row = base + y * stride
            for x in 0..<target.width {
                let pixel = y * target.width + x
                rgb[pixel * 3] = row[x * channels]
                rgb[pixel * 3 + 1] = row[x * channels + 1]
                rgb[pixel * 3 + 2] = row[x * channels + 2]
                if hasAlpha { alpha![pixel] = row[x * channels + 3] }
            }
        }
        let image = RGBImage(width: target.width, height: target.height, pixels: rgb, alpha: alpha)
        return image.oriented(orientation ?? exifOrientation(frame))
    }

    /// The EXIF orientation FFmpeg's JPEG decoder exports as frame metadata ("Orientation", right-aligned
    /// in a padded field, e.g. "    6").
    static func exifOrientation(_ frame: UnsafeMutablePointer<AVFrame>) -> ImageOrientation {
        guard let entry = av_dict_get(frame.pointee.metadata, "Orientation", nil, 0),
            let value = entry.pointee.value,
            let number = Int(String(cString: value).trimmingCharacters(in: .whitespaces))
        else { return .up }
        return ImageOrientation(rawValue: number) ?? .up
    }
}

func pixelFormatName(_ format: AVPixelFormat) -> String {
    av_get_pix_fmt_name(format).map { String(cString: $0) } ?? "unknown"
}
