import Body
import Kernels

/// The control maps as pictures people can look at: one RGB byte image per map.
public struct ControlMapImages: Sendable {
    public var depth: [UInt8]
    public var normals: [UInt8]
    public var parts: [UInt8]
    public var reference: [UInt8]

    /// Colours of the part labels, indexed by `BodyPart` raw value.
    public static let palette: [SIMD3<UInt8>] = [
        [0, 0, 0], // background
        [230, 180, 150], // face skin
        [200, 40, 60], // lips
        [120, 20, 40], // mouth interior (photo)
        [250, 120, 0], // mouth cavity (synthesized)
        [40, 120, 250], // left eye
        [40, 220, 250], // right eye
        [140, 90, 40], // head, hair
        [200, 200, 60], // neck
        [60, 160, 80], // torso
        [160, 60, 200], // left arm
        [220, 100, 220], // right arm
    ]

    /// `maps` is [height][width][8] as `ControlMaps` writes them; `photoWidth`/`photoHeight` scale the
    /// reference coordinates to 0...1.
    public init(maps: [Float], width: Int, height: Int, photoWidth: Int, photoHeight: Int) {
        let pixels = width * height
        let channels = ControlMaps.channels
        func byte(_ x: Float) -> UInt8 { UInt8((min(max(x, 0), 1) * 255).rounded()) }
        var nearest = Float.infinity
        var farthest: Float = 0
        for p in 0..<pixels where maps[channels * p] > 0 {
            nearest = min(nearest, maps[channels * p])
            farthest = max(farthest, maps[channels * p])
        }
        let range = max(farthest - nearest, 1e-6)
        depth = [UInt8](repeating: 0, count: 3 * pixels)
        normals = depth
        parts = depth
        reference = depth
        for p in 0..<pixels {
            let m = maps[(channels * p)..<(channels * p + channels)].map { $0 }
            guard m[0] > 0 else { continue }
            // Near is bright; the covered range spans 0.2...1 so the farthest surface stays visible against the background.
            let d = byte(1 - 0.8 * (m[0] - nearest) / range)
            depth.replaceSubrange((3 * p)..<(3 * p + 3), with: [d, d, d])
            // Camera space has y down and z away: show up and toward-the-viewer as positive green and blue.
            normals.replaceSubrange(
                (3 * p)..<(3 * p + 3), with: [byte(0.5 + 0.5 * m[1]), byte(0.5 - 0.5 * m[2]), byte(0.5 - 0.5 * m[3])])
            let label = Int(m[6].rounded())
            let colour = Self.palette.indices.contains(label) ? Self.palette[label] : [255, 255, 255]
            parts.replaceSubrange((3 * p)..<(3 * p + 3), with: [colour.x, colour.y, colour.z])
            reference.replaceSubrange(
                (3 * p)..<(3 * p + 3),
                with: [byte(m[4] / Float(photoWidth)), byte(m[5] / Float(photoHeight)), byte(m[7])])
        }
    }
}
