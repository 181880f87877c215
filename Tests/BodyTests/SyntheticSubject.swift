import Foundation
import Landmarks
import XCTest

@testable import Body
@testable import Perception // PoseLandmark has no public initializer

/// A made-up photo of a person for the body layer's tests: the canonical face placed in front of a
/// pinhole camera, a person mask (an ellipse head and a trapezoid torso), and BlazePose-like
/// landmarks for shoulders, elbows and wrists. Sizes scale with the image so the same layout works
/// at 256x256 and 1920x1080.
struct SyntheticSubject {
    let width: Int
    let height: Int
    let face: FaceGeometry
    let mask: [Float]
    let pose: [PoseLandmark]
    /// Pixel sizes of the projected face.
    let chin: SIMD2<Float>
    let faceHeight: Float
    let faceWidth: Float
    let leftShoulder: SIMD2<Float>, rightShoulder: SIMD2<Float>
    let leftElbow: SIMD2<Float>, rightElbow: SIMD2<Float>
    let leftWrist: SIMD2<Float>, rightWrist: SIMD2<Float>

    static func canonicalFace() throws -> (vertices: [SIMD3<Float>], triangles: [(Int, Int, Int)]) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appending(path: "Models/canonical_face_model.obj"), encoding: .utf8)
        let vertices = text.split(separator: "\n").filter { $0.hasPrefix("v ") }.map { line in
            let v = line.split(separator: " ").dropFirst().compactMap { Float($0) }
            return SIMD3<Float>(v[0], v[1], v[2])
        }
        return (vertices, try FaceMeshTopology(obj: text).triangles)
    }

    /// `faceCenter` and `faceHeightFraction` in fractions of the image's long side.
    init(
        width: Int = 256, height: Int = 256, faceCenterX: Float = 0.5, faceCenterY: Float = 0.31,
        faceHeightFraction: Float = 0.235, yawDegrees: Float = 0
    ) throws {
        self.width = width
        self.height = height
        let long = Float(max(width, height))
        let camera = PinholeCamera(imageWidth: width, imageHeight: height)
        let (canonical, triangles) = try Self.canonicalFace()
        // Canonical: cm, y up, z toward the viewer, x to the subject's left (viewer's right).
        let canonicalHeight = canonical[10].y - canonical[152].y
        let depth = camera.focalLength * canonicalHeight / (faceHeightFraction * long)
        let origin = camera.unproject(x: faceCenterX * Float(width), y: faceCenterY * Float(height), depth: depth)
        let yaw = Rotation3(axis: [0, 1, 0], radians: yawDegrees * .pi / 180)
        let vertices = canonical.map { v in origin + yaw.apply(SIMD3(v.x, -v.y, -v.z)) }
        let neckPivot = origin + SIMD3(0, 0.6 * canonicalHeight, 6)
        face = FaceGeometry(camera: camera, vertices: vertices, triangles: triangles, neckPivot: neckPivot)

        func pixel(_ v: SIMD3<Float>) -> SIMD2<Float> {
            let p = camera.project(v)
            return SIMD2(p.x, p.y)
        }
        chin = pixel(vertices[152])
        faceHeight = (pixel(vertices[152]) - pixel(vertices[10])).length
        faceWidth = (pixel(vertices[454]) - pixel(vertices[234])).length
        let centerX = faceCenterX * Float(width)
        let shoulderY = chin.y + 0.6 * faceHeight
        leftShoulder = SIMD2(centerX + 1.2 * faceWidth, shoulderY)
        rightShoulder = SIMD2(centerX - 1.2 * faceWidth, shoulderY)
        leftElbow = leftShoulder + SIMD2(0.15, 1.0) * faceHeight
        rightElbow = rightShoulder + SIMD2(-0.15, 1.0) * faceHeight
        leftWrist = leftElbow + SIMD2(0.05, 0.7) * faceHeight
        rightWrist = rightElbow + SIMD2(-0.05, 0.7) * faceHeight

        var pose = [PoseLandmark](
            repeating: PoseLandmark(position: Point3D(x: 0, y: 0, z: 0), visibility: 0.1), count: 33)
        func set(_ index: Int, _ p: SIMD2<Float>, _ visibility: Float = 0.95) {
            pose[index] = PoseLandmark(position: Point3D(x: p.x, y: p.y, z: 0), visibility: visibility)
        }
        set(11, leftShoulder)
        set(12, rightShoulder)
        set(13, leftElbow)
        set(14, rightElbow)
        set(15, leftWrist)
        set(16, rightWrist)
        // Hips far below the frame and barely visible, as in a head-and-shoulders photo.
        set(23, SIMD2(centerX + faceWidth, Float(height) * 1.8), 0.2)
        set(24, SIMD2(centerX - faceWidth, Float(height) * 1.8), 0.2)
        self.pose = pose

        // Mask: the head as an ellipse around the face (hair included), the torso as a trapezoid from
        // just above the shoulders to the bottom edge, widening to take in the arms.
        let headCenter = SIMD2(centerX, chin.y - 0.5 * faceHeight)
        let headRadii = SIMD2(0.65 * faceWidth, 0.62 * faceHeight)
        let torsoTop = shoulderY - 0.12 * faceHeight
        let neckHalfWidth = 0.35 * faceWidth
        var mask = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let p = SIMD2(Float(x) + 0.5, Float(y) + 0.5)
                let e = (p - headCenter) / headRadii
                var person = e.dot(e) <= 1
                if p.y >= torsoTop {
                    let halfWidth = 1.4 * faceWidth + 0.35 * (p.y - torsoTop)
                    person = person || abs(p.x - centerX) <= halfWidth
                } else if p.y >= chin.y - 0.1 * faceHeight {
                    person = person || abs(p.x - centerX) <= neckHalfWidth
                }
                mask[y * width + x] = person ? 0.97 : 0.02
            }
        }
        self.mask = mask
    }

    func fit(withPose: Bool = true) throws -> BodyModel {
        try BodyModel.fit(mask: mask, width: width, height: height, pose: withPose ? pose : nil, face: face)
    }
}

extension ScreenMesh {
    func screenPoint(_ vertex: Int) -> SIMD2<Float> { SIMD2(positions[3 * vertex], positions[3 * vertex + 1]) }
}
