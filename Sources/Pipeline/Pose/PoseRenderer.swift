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
        let (w, h) = (subject.photo.width, subject.photo.height)
        var (width, height) = (w, h)
        if let longSide {
            let scale = Float(longSide) / Float(max(w, h))
            width = max(1, Int((Float(w) * scale).rounded()))
            height = max(1, Int((Float(h) * scale).rounded()))
        }
        do { renderer = try FrameRenderer(plates: subject.plates, outputWidth: width, outputHeight: height) } catch { throw .gpu(error) }
    }

    public func render(_ controls: Controls, maps: Bool = false) throws(PipelineError) -> RenderedFrame {
        let (body, face) = subject.layers(controls)
        do { return try renderer.render(body: body, face: face, frame: subject.frameState(controls), maps: maps) } catch { throw .gpu(error) }
    }

    /// The nine poses of the README's contact sheet, in reading order.
    public static let contactSheetPoses: [(name: String, controls: Controls)] = {
        func pose(_ name: String, _ change: (inout Controls) -> Void) -> (String, Controls) {
            var c = Controls.neutral
            change(&c)
            return (name, c)
        }
        return [pose("neutral") { _ in }, pose("jaw 0.3") { $0.jawOpen = 0.3 }, pose("jaw 0.7") { $0.jawOpen = 0.7 },
                pose("smile") { $0.smile = 1 }, pose("pucker") { $0.lipsPucker = 1 }, pose("blink") { $0.blinkLeft = 1; $0.blinkRight = 1 },
                pose("yaw +20") { $0.headYaw = 20 }, pose("yaw -20") { $0.headYaw = -20 }, pose("pitch 10") { $0.headPitch = 10 }]
    }()

    /// Frames side by side, `columns` per row, separated by a 4-pixel white gap.
    public static func contactSheet(_ frames: [RenderedFrame], columns: Int) -> RGBImage? {
        guard let first = frames.first, columns > 0 else { return nil }
        let (w, h, gap) = (first.width, first.height, 4)
        let rows = (frames.count + columns - 1) / columns
        let sheetWidth = columns * w + (columns + 1) * gap, sheetHeight = rows * h + (rows + 1) * gap
        var pixels = [UInt8](repeating: 255, count: 3 * sheetWidth * sheetHeight)
        for (index, frame) in frames.enumerated() where frame.width == w && frame.height == h {
            let (x0, y0) = (gap + (index % columns) * (w + gap), gap + (index / columns) * (h + gap))
            for y in 0..<h {
                let source = 3 * y * w, target = 3 * ((y0 + y) * sheetWidth + x0)
                pixels.replaceSubrange(target..<(target + 3 * w), with: frame.pixels[source..<(source + 3 * w)])
            }
        }
        return RGBImage(width: sheetWidth, height: sheetHeight, pixels: pixels)
    }
}
