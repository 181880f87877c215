/// The triangles of MediaPipe's canonical face model (Models/canonical_face_model.obj), in the
/// FaceMesh landmark order: what the mesh is drawn and rasterized with.
public struct FaceMeshTopology: Sendable {
    /// Vertex index triples (0-based), 898 for the canonical model.
    public let triangles: [(Int, Int, Int)]

    /// Each triangle edge once, for drawing.
    public var edges: [(Int, Int)] {
        var seen = Set<Int>()
        var result: [(Int, Int)] = []
        for (a, b, c) in triangles {
            for (p, q) in [(a, b), (b, c), (c, a)] {
                let key = min(p, q) * 1024 + max(p, q)
                if seen.insert(key).inserted { result.append((min(p, q), max(p, q))) }
            }
        }
        return result
    }

    /// Parses the `f v/vt v/vt v/vt` lines of a Wavefront OBJ.
    public init(obj text: String) throws(MalformedFaceModel) {
        var triangles: [(Int, Int, Int)] = []
        for line in text.split(separator: "\n") where line.hasPrefix("f ") {
            let indices = line.split(separator: " ").dropFirst().compactMap {
                $0.split(separator: "/").first.flatMap { Int($0) }
            }
            guard indices.count == 3, indices.allSatisfy({ $0 >= 1 && $0 <= FaceLandmarks.count }) else {
                throw MalformedFaceModel(
                    description: "face model line '\(line)' is not a triangle over the 468 landmarks")
            }
            triangles.append((indices[0] - 1, indices[1] - 1, indices[2] - 1))
        }
        guard !triangles.isEmpty else { throw MalformedFaceModel(description: "the face model has no triangles") }
        self.triangles = triangles
    }
}

/// OBJ text that is not a triangle mesh over the 468 face landmarks.
public struct MalformedFaceModel: Error, Equatable, CustomStringConvertible {
    public let description: String
}
