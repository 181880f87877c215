import Foundation
import Landmarks
import Perception
import XCTest

@testable import Body

/// The face model on real FaceMesh output: Google's interpreter's landmarks for the astronaut
/// portrait (Tests/Fixtures/golden/face_landmark, 192-pixel crop coordinates), mapped back into
/// the 512x512 photo with the crop the fixture records.
final class RealFaceTests: XCTestCase {
    static let imageSize = 512

    static func astronautLandmarks() throws -> [Point3D] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appending(path: "../Fixtures/golden/face_landmark/astronaut.out0.f32").standardizedFileURL
        let data = try Data(contentsOf: url)
        let raw = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        guard raw.count == 1404 else { throw CocoaError(.fileReadCorruptFile) }
        let (cx, cy, side): (Float, Float, Float) = (225.365, 127.645, 138.855) // manifest roi_image_px
        let scale = side / 192
        return (0..<468).map { i in
            Point3D(
                x: cx - side / 2 + raw[3 * i] * scale, y: cy - side / 2 + raw[3 * i + 1] * scale,
                z: raw[3 * i + 2] * scale)
        }
    }

    func testTheAstronautFitsReproducesThePhotoAndFacesTheCamera() throws {
        let landmarks = try Self.astronautLandmarks()
        let model = try FaceModel.fit(landmarks: landmarks, imageWidth: Self.imageSize, imageHeight: Self.imageSize)
        let mesh = model.pose(.neutral)
        for v in 0..<mesh.vertexCount {
            XCTAssertLessThan(length(mesh.screen(v) - SIMD2(mesh.attribute(v, 0), mesh.attribute(v, 1))), 1e-3)
        }
        // A portrait: a face some 12-16 cm wide at arm's length, roughly facing the camera.
        XCTAssertGreaterThan(model.similarity.scale, 3)
        XCTAssertLessThan(model.similarity.scale, 15)
        XCTAssertLessThan(model.headRotation.apply([0, 0, 1]).z, -0.85)
        XCTAssertEqual(model.cameraSimilarity.scale, 1, accuracy: 0.1)
        XCTAssertLessThan(mesh.area(of: .mouthCavity), 1e-3)
    }

    func testTheAstronautsMouthClosesAndOpensWithoutFolding() throws {
        let model = try FaceModel.fit(
            landmarks: try Self.astronautLandmarks(), imageWidth: Self.imageSize, imageHeight: Self.imageSize)
        let neutral = model.pose(.neutral)
        var controls = Controls.neutral
        controls.lipPress = 1
        let pressed = model.pose(controls)
        for (upper, lower) in zip(FaceRegions.upperLipInner, FaceRegions.lowerLipInner) {
            XCTAssertLessThan(length(pressed.screen(upper) - pressed.screen(lower)), 0.1)
        }
        func signedArea(_ mesh: ScreenMesh, _ t: Int) -> Float {
            let a = mesh.screen(Int(mesh.triangles[3 * t]))
            let b = mesh.screen(Int(mesh.triangles[3 * t + 1]))
            let c = mesh.screen(Int(mesh.triangles[3 * t + 2]))
            return (b - a).x * (c - a).y - (b - a).y * (c - a).x
        }
        let skin: Set<UInt32> = [BodyPart.faceSkin.rawValue, BodyPart.lips.rawValue]
        let watched = (0..<neutral.triangleCount).filter { t in
            skin.contains(neutral.parts[t]) && abs(signedArea(neutral, t)) > 1
                && (0..<3).allSatisfy { neutral.normal(Int(neutral.triangles[3 * t + $0])).z < -0.5 }
        }
        XCTAssertGreaterThan(watched.count, 400)
        for (name, edit) in [
            ("press", { (c: inout Controls) in c.lipPress = 1 }),
            ("jaw", { (c: inout Controls) in c.jawOpen = 1 }),
            (
                "smile+jaw",
                { (c: inout Controls) in
                    c.smile = 1
                    c.jawOpen = 0.7
                }
            ),
            ("pucker", { (c: inout Controls) in c.lipsPucker = 1 }),
        ] {
            var c = Controls.neutral
            edit(&c)
            let posed = model.pose(c)
            let folded = watched.filter { signedArea(posed, $0) * signedArea(neutral, $0) <= 0 }
            XCTAssertEqual(folded, [], "\(name) folds triangles")
        }
    }
}
