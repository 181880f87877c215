import Drawing
import Media
import Perception

/// Draws what perception found over the photo: the person mask as a tint, the face box and
/// keypoints, the face mesh's edges, and the pose skeleton.
public enum AnalysisPreview {
    public static func render(_ image: RGBImage, _ analysis: PhotoAnalysis, meshEdges: [(Int, Int)]) -> RGBImage {
        var canvas = Canvas(image)
        canvas.tint(mask: analysis.personMask, (r: 40, g: 120, b: 255), opacity: 0.35)
        for face in analysis.faces {
            let box = face.detection.box
            let corners = [(box.minX, box.minY), (box.maxX, box.minY), (box.maxX, box.maxY), (box.minX, box.maxY)]
            for index in corners.indices {
                let (a, b) = (corners[index], corners[(index + 1) % 4])
                canvas.line(from: (a.0, a.1), to: (b.0, b.1), (r: 255, g: 220, b: 0))
            }
            for (a, b) in meshEdges where a < face.landmarks.count && b < face.landmarks.count {
                canvas.line(
                    from: (face.landmarks[a].x, face.landmarks[a].y), to: (face.landmarks[b].x, face.landmarks[b].y),
                    (r: 80, g: 255, b: 120), opacity: 0.6)
            }
            for point in face.detection.keypoints {
                canvas.dot(at: (point.x, point.y), radius: 2.5, (r: 255, g: 40, b: 40))
            }
        }
        if let pose = analysis.pose {
            for (a, b) in PoseLandmarks.connections where pose[a].visibility > 0.5 && pose[b].visibility > 0.5 {
                canvas.line(
                    from: (pose[a].position.x, pose[a].position.y), to: (pose[b].position.x, pose[b].position.y),
                    (r: 255, g: 140, b: 0))
            }
            for landmark in pose where landmark.visibility > 0.5 {
                canvas.dot(at: (landmark.position.x, landmark.position.y), radius: 3, (r: 255, g: 255, b: 255))
            }
        }
        return canvas.image
    }
}
