import Foundation
import XCTest

@testable import Body

final class GeometryTests: XCTestCase {
    func testAxisAngleRotationIsOrthonormalAndTurnsXIntoY() {
        let r = Rotation3(axis: [0, 0, 1], radians: .pi / 2)
        let turned = r.apply([1, 0, 0])
        XCTAssertEqual(turned.x, 0, accuracy: 1e-6)
        XCTAssertEqual(turned.y, 1, accuracy: 1e-6)
        XCTAssertEqual(r.determinant, 1, accuracy: 1e-6)
        let product = r * r.transposed
        XCTAssertLessThan(distance(product.row0, [1, 0, 0]), 1e-6)
        XCTAssertLessThan(distance(product.row1, [0, 1, 0]), 1e-6)
        XCTAssertLessThan(distance(product.row2, [0, 0, 1]), 1e-6)
    }

    func testRigidTransformKeepsItsPivotFixed() {
        let t = RigidTransform(rotation: Rotation3(axis: [0, 1, 0], radians: 0.3), pivot: [1, 2, 3])
        XCTAssertLessThan(distance(t.apply([1, 2, 3]), [1, 2, 3]), 1e-6)
        XCTAssertGreaterThan(distance(t.apply([2, 2, 3]), [2, 2, 3]), 0.1)
    }

    func testCameraUnprojectInvertsProject() {
        let camera = PinholeCamera(imageWidth: 640, imageHeight: 480)
        let p = camera.unproject(x: 100.5, y: 400.25, depth: 57)
        let back = camera.project(p)
        XCTAssertEqual(back.x, 100.5, accuracy: 1e-3)
        XCTAssertEqual(back.y, 400.25, accuracy: 1e-3)
        XCTAssertEqual(back.z, 57)
        XCTAssertEqual(camera.focalLength, 640)
    }
}

func distance(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Float {
    let d = a - b
    return (d * d).sum().squareRoot()
}

final class RigidTransformCompositionTests: XCTestCase {
    func testFollowedByEqualsApplyingBothInOrder() {
        let first = RigidTransform(
            rotation: Rotation3(axis: [0, 1, 0], radians: 0.4), pivot: [1, -2, 30], translation: [0.5, 0, 1])
        let second = RigidTransform(
            rotation: Rotation3(axis: [0.6, 0, 0.8], radians: -0.7), pivot: [0, 3, 25], translation: [0, -1, 0])
        let composed = first.followed(by: second)
        for p: SIMD3<Float> in [[0, 0, 0], [1, 2, 3], [-4, 5, 28]] {
            XCTAssertLessThan(distance(composed.apply(p), second.apply(first.apply(p))), 1e-4)
        }
    }
}

final class ControlsCodingTests: XCTestCase {
    func testOnlyNonZeroFieldsAreWrittenAndMissingOnesReadAsZero() throws {
        var c = Controls()
        c.jawOpen = 0.5
        c.headYaw = -3
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        XCTAssertTrue(json.contains("jawOpen") && json.contains("headYaw") && !json.contains("smile"), json)
        XCTAssertEqual(try JSONDecoder().decode(Controls.self, from: Data(json.utf8)), c)
        XCTAssertEqual(try JSONDecoder().decode(Controls.self, from: Data("{}".utf8)), .neutral)
        XCTAssertEqual(Controls.fields.count, Set(Controls.fields.map(\.name)).count)
    }

    func testAValueOutsideWhatPoseAcceptsIsAnErrorNamingIt() {
        for (json, expected) in [
            (#"{"headYaw": 1e30}"#, "headYaw is 1e+30, outside -45.0...45.0"),
            (#"{"jawOpen": 1.5}"#, "jawOpen is 1.5, outside 0.0...1.0"),
            (#"{"gazeX": -2}"#, "gazeX is -2.0, outside -1.0...1.0"),
        ] {
            XCTAssertThrowsError(try JSONDecoder().decode(Controls.self, from: Data(json.utf8)), json) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
        // The edges themselves are fine, and every field has a range a neutral frame is inside.
        XCTAssertNoThrow(
            try JSONDecoder().decode(
                Controls.self, from: Data(#"{"headYaw": -45, "jawOpen": 1, "shoulderShrug": 0.3}"#.utf8)))
        for field in Controls.fields { XCTAssertTrue(Controls.validRange(of: field.name).contains(0), field.name) }
    }

    func testAnUnknownControlNameIsAnError() {
        XCTAssertThrowsError(try JSONDecoder().decode(Controls.self, from: Data(#"{"jawopen": 0.5}"#.utf8))) { error in
            XCTAssertTrue("\(error)".contains("unknown control \"jawopen\""), "\(error)")
        }
    }
}
