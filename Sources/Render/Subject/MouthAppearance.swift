import Body
import Foundation
import Kernels
import Landmarks
import Media
import Perception

/// What the renderer needs to draw a mouth that belongs to this photo: which jaw carries the photo's own teeth,
/// which teeth rows have to be synthesized, and the synthesized interior's colours, taken from the photo (its lips,
/// skin and white point), so a grayscale photo gets a gray mouth and a warm one a warm mouth.
public struct MouthAppearance: Sendable {
    public let split: MouthInteriorSplit
    public let teeth: WarpComposite.TeethRows
    public let palette: WarpComposite.MouthPalette

    public init(image: RGBImage, landmarks: [Point3D]) {
        let points = landmarks.map { SIMD2($0.x, $0.y) }
        let sampler = ImageSampler(image)
        split = MouthInteriorSplit.measure(landmarks: points, colour: { sampler.colour(at: $0) })
        if Self.lipGap(landmarks) < 0.08
            || (Self.lipGap(landmarks) < 0.15 && !split.showsUpperTeeth && !split.showsLowerTeeth)
        {
            // Closed or barely parted lips: the teeth are behind them, and opening shows both rows.
            teeth = .both
        } else if split.showsUpperTeeth && !split.showsLowerTeeth {
            // A smile shows the upper row and hides the lower one behind the lower lip; opening wider shows it.
            teeth = .lower
        } else {
            teeth = []
        }
        palette = Self.palette(sampler, points, photoShowsTeeth: split.showsUpperTeeth || split.showsLowerTeeth)
    }

    /// The gap between the inner lips at the centre (13 above, 14 below) over the mouth's width (61 to 291).
    static func lipGap(_ landmarks: [Point3D]) -> Float {
        FaceLandmarks.lipGap(landmarks, over: FaceLandmarks.mouthCorners, floor: 1e-3)
    }

    /// Cavity and tongue are the lips' colour darkened (a mouth's inside is the same tissue in shadow); teeth are
    /// near the photo's white, tinted by the skin's hue a little (enamel is ivory, and the same light falls on both).
    /// When the photo shows teeth, the synthesized ones take their colour (the brightest quarter of the middle
    /// columns' openings).
    static func palette(_ sampler: ImageSampler, _ points: [SIMD2<Float>], photoShowsTeeth: Bool)
        -> WarpComposite.MouthPalette
    {
        let upperInner = FaceRegions.upperLipInner
        let lowerInner = FaceRegions.lowerLipInner
        let upperOuter = FaceRegions.upperLipOuter
        let lowerOuter = FaceRegions.lowerLipOuter
        var lips: [SIMD3<Float>] = []
        for k in 2..<(upperInner.count - 2) {
            lips.append(sampler.colour(at: (points[upperInner[k]] + points[upperOuter[k]]) / 2))
            lips.append(sampler.colour(at: (points[lowerInner[k]] + points[lowerOuter[k]]) / 2))
        }
        let lip = lips.reduce(.zero, +) / Float(lips.count)
        // Cheeks beside the nose and the forehead: skin in the face's own light.
        let skinPoints = [205, 425, 151].filter { $0 < points.count }.map { sampler.colour(at: points[$0]) }
        let skin = skinPoints.reduce(.zero, +) / Float(max(skinPoints.count, 1))
        let skinLuminance = max(ImageSampler.luminance(skin), 1e-3)
        let hue = SIMD3<Float>(
            pow(skin.x / skinLuminance, 0.25), pow(skin.y / skinLuminance, 0.25), pow(skin.z / skinLuminance, 0.25))
        // As bright as the photo's whites allow, and brighter than the lit skin (teeth read whiter than the face).
        let whiteLuminance = ImageSampler.luminance(sampler.whitePoint())
        var enamel = clamped(min(0.92, max(0.85 * whiteLuminance, 1.15 * skinLuminance)) * hue)
        if photoShowsTeeth {
            var opening: [SIMD3<Float>] = []
            for k in 3..<(upperInner.count - 3) {
                let (top, bottom) = (points[upperInner[k]], points[lowerInner[k]])
                opening += (0..<8).map { sampler.colour(at: top + (bottom - top) * ((Float($0) + 0.5) / 8)) }
            }
            let brighter = opening.sorted { ImageSampler.luminance($0) > ImageSampler.luminance($1) }.prefix(
                opening.count / 4)
            if !brighter.isEmpty { enamel = brighter.reduce(.zero, +) / Float(brighter.count) }
        }
        // The inside is redder than the lips look from outside (wet mucosa, blood under thin skin): the lips' own
        // hue once more for the tongue (in the mouth's shade, darker than the lips), twice for the cavity.
        let lipChroma = lip / max(ImageSampler.luminance(lip), 1e-3)
        return WarpComposite.MouthPalette(
            cavity: clamped(0.3 * lip * lipChroma * lipChroma), tongue: clamped(0.35 * lip * lipChroma),
            enamel: enamel)
    }

    private static func clamped(_ v: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(min(max(v.x, 0), 1), min(max(v.y, 0), 1), min(max(v.z, 0), 1))
    }
}

/// Bilinear reads of an 8-bit photo in 0...1 (pixel centres at +0.5, clamped edges, like the warp shaders).
struct ImageSampler {
    let image: RGBImage

    init(_ image: RGBImage) { self.image = image }

    func colour(at p: SIMD2<Float>) -> SIMD3<Float> {
        guard p.x.isFinite, p.y.isFinite else { return .zero }
        let q = p - 0.5
        let (fx, fy) = (q.x.rounded(.down), q.y.rounded(.down))
        let (tx, ty) = (q.x - fx, q.y - fy)
        func texel(_ x: Float, _ y: Float) -> SIMD3<Float> {
            let column = min(max(Int(max(min(x, 1e6), -1e6)), 0), image.width - 1)
            let row = min(max(Int(max(min(y, 1e6), -1e6)), 0), image.height - 1)
            let pixel = image[column, row]
            return SIMD3(Float(pixel.r), Float(pixel.g), Float(pixel.b)) / 255
        }
        let top = texel(fx, fy) * (1 - tx) + texel(fx + 1, fy) * tx
        let bottom = texel(fx, fy + 1) * (1 - tx) + texel(fx + 1, fy + 1) * tx
        return top * (1 - ty) + bottom * ty
    }

    func luminance(at p: SIMD2<Float>) -> Float { Self.luminance(colour(at: p)) }

    /// Rec. 709 weights.
    static func luminance(_ c: SIMD3<Float>) -> Float { 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z }

    /// The mean colour of the brightest 1% of the photo (on a grid of at most ~40,000 pixels), its luminance
    /// lifted to at least 0.5: what the photo's light makes of something white.
    func whitePoint() -> SIMD3<Float> {
        let step = max(1, Int((Double(image.width * image.height) / 40_000).squareRoot()))
        var samples: [(Float, SIMD3<Float>)] = []
        for y in stride(from: 0, to: image.height, by: step) {
            for x in stride(from: 0, to: image.width, by: step) {
                let pixel = image[x, y]
                let c = SIMD3(Float(pixel.r), Float(pixel.g), Float(pixel.b)) / 255
                samples.append((Self.luminance(c), c))
            }
        }
        samples.sort { $0.0 > $1.0 }
        let top = samples.prefix(max(1, samples.count / 100))
        let mean = top.map(\.1).reduce(.zero, +) / Float(top.count)
        let luminance = Self.luminance(mean)
        return luminance >= 0.5 || luminance <= 0
            ? (luminance <= 0 ? SIMD3(repeating: 0.5) : mean) : mean * (0.5 / luminance)
    }
}
