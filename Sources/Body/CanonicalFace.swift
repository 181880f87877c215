import Foundation
import Landmarks
import ModelFiles

/// MediaPipe's canonical face model (Models/canonical_face_model.obj, Apache-2.0): 468 vertices in
/// centimetres (x toward the subject's left = the viewer's right, y up, z toward the viewer) in the
/// FaceMesh landmark order, and its 898 triangles (counter-clockwise seen from +z, i.e. outward).
public struct CanonicalFace: Sendable {
    public let vertices: [SIMD3<Float>]
    public let triangles: [(Int, Int, Int)]

    public static let vertexCount = FaceLandmarks.count

    /// Parses the `v x y z` and `f a/.. b/.. c/..` lines of the OBJ text.
    public init(obj text: String) throws(BodyError) {
        var vertices: [SIMD3<Float>] = []
        for line in text.split(separator: "\n") where line.hasPrefix("v ") {
            let values = line.split(separator: " ").dropFirst().compactMap { Float($0) }
            guard values.count == 3, values.allSatisfy(\.isFinite) else {
                throw .canonicalFaceUnavailable("vertex line '\(line)' is not three numbers")
            }
            vertices.append(SIMD3(values[0], values[1], values[2]))
        }
        guard vertices.count == Self.vertexCount else {
            throw .canonicalFaceUnavailable("it has \(vertices.count) vertices, not \(Self.vertexCount)")
        }
        let topology: FaceMeshTopology
        do { topology = try FaceMeshTopology(obj: text) } catch { throw .canonicalFaceUnavailable(error.description) }
        self.vertices = vertices
        self.triangles = topology.triangles
    }

    /// The shipped model, read once per process (it never changes while running).
    public static func shipped() throws(BodyError) -> CanonicalFace { try loaded.get() }

    private static let loaded = Result<CanonicalFace, BodyError> { () throws(BodyError) -> CanonicalFace in try load() }

    private static func load() throws(BodyError) -> CanonicalFace {
        let url: URL
        do { url = try ModelLocator.url(for: "canonical_face_model.obj") } catch {
            throw .canonicalFaceUnavailable(error.description)
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw .canonicalFaceUnavailable("\(url.path) is not readable as UTF-8 text")
        }
        return try CanonicalFace(obj: text)
    }
}
