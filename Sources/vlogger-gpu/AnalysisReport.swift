import Foundation
import Perception

/// The printed and JSON forms of a photo analysis.
struct AnalysisReport: Encodable {
    struct FaceEntry: Encodable {
        let box: [Float] // minX, minY, maxX, maxY in pixels
        let score: Float
        let keypoints: [[Float]] // right eye, left eye, nose, mouth, right ear, left ear
        let meshPresence: Float
        let landmarks: [[Float]] // 468 x (x, y, z) in pixels
    }
    struct PoseEntry: Encodable {
        let position: [Float]
        let visibility: Float
    }

    let image: String
    let device: String
    let width: Int
    let height: Int
    let faces: [FaceEntry]
    let personCoverage: Float
    let pose: [PoseEntry]?

    init(_ analysis: PhotoAnalysis, image: String, device: String) {
        self.image = image
        self.device = device
        width = analysis.width
        height = analysis.height
        faces = analysis.faces.map { face in
            let box = face.detection.box
            return FaceEntry(
                box: [box.minX, box.minY, box.maxX, box.maxY], score: face.detection.score,
                keypoints: face.detection.keypoints.map { [$0.x, $0.y] }, meshPresence: face.presence,
                landmarks: face.landmarks.map { [$0.x, $0.y, $0.z] })
        }
        personCoverage =
            analysis.personMask.isEmpty
            ? 0
            : analysis.personMask.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) } / Float(analysis.personMask.count)
        pose = analysis.pose?.map {
            PoseEntry(position: [$0.position.x, $0.position.y, $0.position.z], visibility: $0.visibility)
        }
    }

    var summary: String {
        var lines = ["\(image): \(width)x\(height), device \(device)"]
        for (index, face) in faces.enumerated() {
            let box = face.box.map { String(format: "%.1f", $0) }.joined(separator: ", ")
            lines.append(
                "face \(index): box (\(box)), score \(String(format: "%.3f", face.score)), "
                    + "mesh \(face.landmarks.count) points (presence \(String(format: "%.3f", face.meshPresence)))")
        }
        lines.append("person mask: \(String(format: "%.1f", personCoverage * 100))% of the photo")
        if let pose {
            lines.append("pose: \(pose.filter { $0.visibility > 0.5 }.count) of \(pose.count) landmarks visible")
        }
        return lines.joined(separator: "\n")
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
