import Body
import GPU
import Media
import Render

/// Renders posed frames of a subject at an output size.
public final class PoseRenderer {
    public let subject: PosableSubject
    public let renderer: FrameRenderer

    /// `longSide` scales the output (the photo's own size when nil).
    public init(subject: PosableSubject, longSide: Int? = nil) throws(PipelineError) {
        self.subject = subject
        let (width, height) = Self.outputSize(
            photoWidth: subject.photo.width, photoHeight: subject.photo.height, longSide: longSide)
        do { renderer = try FrameRenderer(plates: subject.plates, outputWidth: width, outputHeight: height) } catch {
            throw .gpu(error)
        }
    }

    /// The frame size for a photo: its own, or scaled so the long side is `longSide`.
    public static func outputSize(photoWidth w: Int, photoHeight h: Int, longSide: Int?) -> (width: Int, height: Int) {
        guard let longSide else { return (w, h) }
        let scale = Float(longSide) / Float(max(w, h))
        return (max(1, Int((Float(w) * scale).rounded())), max(1, Int((Float(h) * scale).rounded())))
    }

    /// Checks, before any work, that frames of `photo`'s shape at `longSide` fit `device`'s buffer limit,
    /// naming the largest long side that does.
    public static func requireFits(photo: RGBImage, longSide: Int?, device: GPUDevice, maps: Bool = false)
        throws(PipelineError)
    {
        let limit = FrameRenderer.maxPixelCount(on: device, maps: maps)
        func fits(_ side: Int?) -> Bool {
            let size = outputSize(photoWidth: photo.width, photoHeight: photo.height, longSide: side)
            return size.width * size.height <= limit
        }
        guard !fits(longSide) else { return }
        let size = outputSize(photoWidth: photo.width, photoHeight: photo.height, longSide: longSide)
        // pixels ≈ side² · short/long; the estimate is then corrected for the rounding of the short side.
        let (long, short) = (Double(max(photo.width, photo.height)), Double(max(1, min(photo.width, photo.height))))
        var largest = max(1, Int((Double(limit) * long / short).squareRoot()))
        while largest > 1, !fits(largest) { largest -= 1 }
        while fits(largest + 1) { largest += 1 }
        throw .frameTooLarge(width: size.width, height: size.height, device: device.info.name, largestSide: largest)
    }

    public func render(_ controls: Controls, maps: Bool = false) throws(PipelineError) -> RenderedFrame {
        let (body, face) = subject.layers(controls)
        do { return try renderer.render(body: body, face: face, frame: subject.frameState(controls), maps: maps) } catch
        { throw .gpu(error) }
    }

    /// The nine poses of the README's contact sheet, in reading order.
    public static let contactSheetPoses: [(name: String, controls: Controls)] = {
        func pose(_ name: String, _ change: (inout Controls) -> Void) -> (String, Controls) {
            var c = Controls.neutral
            change(&c)
            return (name, c)
        }
        return [
            pose("neutral") { _ in }, pose("jaw 0.3") { $0.jawOpen = 0.3 }, pose("jaw 0.7") { $0.jawOpen = 0.7 },
            pose("smile") { $0.smile = 1 }, pose("pucker") { $0.lipsPucker = 1 },
            pose("blink") {
                $0.blinkLeft = 1
                $0.blinkRight = 1
            },
            pose("yaw +20") { $0.headYaw = 20 }, pose("yaw -20") { $0.headYaw = -20 },
            pose("pitch 10") { $0.headPitch = 10 },
        ]
    }()

    /// The head and shoulders of an output frame in a `aspect` (width / height) rectangle: 2.6 face sizes
    /// tall (or wide, for portrait shapes), centred a little below the face's centre, shrunk to fit the frame.
    public func upperBodyCrop(aspect: Float = 1) -> CropRect {
        let (frameWidth, frameHeight) = (renderer.outputWidth, renderer.outputHeight)
        let landmarks = subject.analysis.faces[0].landmarks
        let scale = Float(frameWidth) / Float(subject.photo.width)
        let xs = landmarks.map { $0.x * scale }
        let ys = landmarks.map { $0.y * scale }
        guard aspect > 0, let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else {
            return CropRect(x: 0, y: 0, width: frameWidth, height: frameHeight)
        }
        let extent = 2.6 * max(maxX - minX, maxY - minY)
        var (width, height) = aspect >= 1 ? (extent * aspect, extent) : (extent, extent / aspect)
        let fit = min(1, Float(frameWidth) / width, Float(frameHeight) / height)
        (width, height) = (width * fit, height * fit)
        let (w, h) = (max(2, Int(width) & ~1), max(2, Int(height) & ~1))
        let centre = (x: (minX + maxX) / 2, y: (minY + maxY) / 2 + 0.25 * (maxY - minY))
        let x = min(max(Int(centre.x) - w / 2, 0), frameWidth - w)
        let y = min(max(Int(centre.y) - h / 2, 0), frameHeight - h)
        return CropRect(x: x, y: y, width: w, height: h)
    }

    /// The same square of every frame side by side, `columns` per row, separated by a 4-pixel white gap.
    public static func contactSheet(_ frames: [RenderedFrame], columns: Int, crop: CropRect) -> RGBImage? {
        guard let first = frames.first, columns > 0, crop.width == crop.height,
            crop.fits(width: first.width, height: first.height)
        else { return nil }
        let (tile, gap) = (crop.width, 4)
        let rows = (frames.count + columns - 1) / columns
        let sheetWidth = columns * tile + (columns + 1) * gap
        let sheetHeight = rows * tile + (rows + 1) * gap
        var pixels = [UInt8](repeating: 255, count: 3 * sheetWidth * sheetHeight)
        for (index, frame) in frames.enumerated() where frame.width == first.width && frame.height == first.height {
            let (x0, y0) = (gap + (index % columns) * (tile + gap), gap + (index / columns) * (tile + gap))
            for y in 0..<tile {
                let source = 3 * ((crop.y + y) * frame.width + crop.x)
                let target = 3 * ((y0 + y) * sheetWidth + x0)
                pixels.replaceSubrange(target..<(target + 3 * tile), with: frame.pixels[source..<(source + 3 * tile)])
            }
        }
        return RGBImage(width: sheetWidth, height: sheetHeight, pixels: pixels)
    }
}

/// A rectangle of a frame, in output pixels.
public struct CropRect: Sendable, Hashable, Encodable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    func fits(width frameWidth: Int, height frameHeight: Int) -> Bool {
        width > 0 && height > 0 && x >= 0 && y >= 0 && x + width <= frameWidth && y + height <= frameHeight
    }

    /// The rectangle's RGB pixels out of a `frameWidth`-wide frame.
    public func cut(_ pixels: [UInt8], frameWidth: Int) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(3 * width * height)
        for row in y..<(y + height) {
            let start = 3 * (row * frameWidth + x)
            result.append(contentsOf: pixels[start..<(start + 3 * width)])
        }
        return result
    }
}
