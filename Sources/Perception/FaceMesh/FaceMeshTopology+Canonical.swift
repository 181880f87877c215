import Foundation
import Landmarks
import ModelFiles
import NN

extension FaceMeshTopology {
    /// The shipped canonical face model.
    public static func canonical() throws(NNError) -> FaceMeshTopology {
        let url: URL
        do { url = try ModelLocator.url(for: "canonical_face_model.obj") } catch { throw .modelFile(error) }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw .unreadable(path: url.path, reason: "not readable as UTF-8 text")
        }
        do { return try FaceMeshTopology(obj: text) } catch { throw .corrupt(error.description) }
    }
}
