import Foundation
import Landmarks
import Perception
import XCTest

final class FaceMeshTopologyTests: XCTestCase {
    func testCanonicalModelHas898TrianglesOverAll468Landmarks() throws {
        let topology = try FaceMeshTopology.canonical()
        XCTAssertEqual(topology.triangles.count, 898)
        let used = Set(topology.triangles.flatMap { [$0.0, $0.1, $0.2] })
        XCTAssertEqual(used.count, 468)
        // A closed-ish surface: each interior edge is shared by two triangles, so edges < 3 x triangles.
        XCTAssertGreaterThan(topology.edges.count, 1300)
        XCTAssertLessThan(topology.edges.count, 3 * 898)
    }

    func testMalformedFacesAreRejected() {
        XCTAssertThrowsError(try FaceMeshTopology(obj: "f 1/1 2/2\n")) { error in
            XCTAssertTrue(error is MalformedFaceModel, "\(error)")
        }
        XCTAssertThrowsError(try FaceMeshTopology(obj: "f 1/1 2/2 999/3\n")) { error in
            XCTAssertTrue(error is MalformedFaceModel, "\(error)")
        }
        XCTAssertThrowsError(try FaceMeshTopology(obj: "v 0 0 0\n")) { error in
            XCTAssertTrue(error is MalformedFaceModel, "\(error)")
        }
    }
}
