import GPU
import Kernels
import Landmarks
import NN

/// A face found in a photo, in image pixels.
public struct Face: Sendable {
    /// The detector's box, keypoints (eyes, nose, mouth, ears) and score.
    public var detection: FaceDetection
    /// The rotated square the mesh model looked at.
    public var region: RotatedRect
    /// The 468 FaceMesh landmarks (MediaPipe's canonical vertex order).
    public var landmarks: [Point3D]
    /// The mesh model's confidence that its crop holds a face.
    public var presence: Float
}

/// What `PhotoPerception` finds in one photo.
public struct PhotoAnalysis: Sendable {
    public var width: Int
    public var height: Int
    /// Faces, largest first.
    public var faces: [Face]
    /// Person probability per pixel at image resolution (row-major), from selfie segmentation.
    public var personMask: [Float]
    /// BlazePose's 33 landmarks for the largest face's body, nil without a face.
    public var pose: [PoseLandmark]?
    /// The square the pose model looked at.
    public var poseRegion: RotatedRect?
}

/// Runs MediaPipe's face detection, face mesh, selfie segmentation and pose landmark models on the
/// GPU engine. Pose detection needs the DENSIFY operator, which the engine does not run; the body
/// region is derived from the face box instead (a square below and around the face, see
/// `RotatedRect(bodyRegionFor:)`).
public final class PhotoPerception {
    private let detector: ModelRunner
    private let mesh: ModelRunner
    private let segmenter: ModelRunner
    private let poseModel: ModelRunner
    private let decoder = FaceDetectionDecoder()
    public let device: GPUDevice

    public init(device: GPUDevice) throws(NNError) {
        self.device = device
        // Input ranges from the models' metadata: detector [-1, 1], the others [0, 1].
        detector = try ModelRunner(
            file: "face_detection_short_range.tflite", inputSize: 128,
            crop: AffineCrop(border: .zero, scale: 2 / 255, offset: -1), device: device)
        mesh = try ModelRunner(
            file: "face_landmark.tflite", inputSize: 192,
            crop: AffineCrop(border: .replicate, scale: 1 / 255), device: device)
        segmenter = try ModelRunner(
            file: "selfie_segmentation.tflite", inputSize: 256,
            crop: AffineCrop(border: .zero, scale: 1 / 255), device: device)
        poseModel = try ModelRunner(
            file: "pose_landmark_full.tflite", inputSize: 256,
            crop: AffineCrop(border: .zero, scale: 1 / 255), device: device)
    }

    /// A mesh whose own face flag is below this is not a face (the detector's false positives, e.g. on
    /// patterned clothing, fail it).
    public var minimumMeshPresence: Float = 0.5

    public func analyze(_ photo: PhotoBuffer) throws(NNError) -> PhotoAnalysis {
        let faces = try findFaces(photo)
        let mask = try personMask(photo)
        var analysis = PhotoAnalysis(width: photo.width, height: photo.height, faces: faces, personMask: mask)
        if let face = faces.first {
            let region = RotatedRect(bodyRegionFor: face.detection)
            analysis.poseRegion = region
            analysis.pose = try pose(photo, region: region)
        }
        return analysis
    }

    /// Faces with their meshes, largest first. The whole photo is seen at 128x128 first; if that finds no
    /// face the mesh model confirms (faces under ~20 px in that view are missed), 3x3 overlapping tiles of
    /// half the photo are searched, which finds faces half as large.
    public func findFaces(_ photo: PhotoBuffer) throws(NNError) -> [Face] {
        var faces = try confirmed(try detect(photo, in: photo.letterbox), photo)
        if faces.isEmpty {
            let square = photo.letterbox
            let side = square.width / 2
            var found: [FaceDetection] = []
            for row in 0..<3 {
                for column in 0..<3 {
                    let tile = RotatedRect(
                        centerX: square.centerX - side / 2 + Float(column) * side / 2,
                        centerY: square.centerY - side / 2 + Float(row) * side / 2,
                        width: side, height: side)
                    found += try detect(photo, in: tile)
                }
            }
            faces = try confirmed(
                FaceDetectionDecoder.weightedNonMaximumSuppression(found, threshold: decoder.suppressionThreshold),
                photo)
        }
        return faces.sorted { $0.detection.box.area > $1.detection.box.area }
    }

    /// The detections whose face mesh agrees there is a face, with their meshes.
    private func confirmed(_ detections: [FaceDetection], _ photo: PhotoBuffer) throws(NNError) -> [Face] {
        var faces: [Face] = []
        for detection in detections {
            let face = try faceMesh(photo, detection)
            if face.presence >= minimumMeshPresence { faces.append(face) }
        }
        return faces
    }

    private func detect(_ photo: PhotoBuffer, in region: RotatedRect) throws(NNError) -> [FaceDetection] {
        let outputs = try detector.run(on: photo, region: region)
        guard let regressors = outputs["regressors"], let logits = outputs["classificators"] else {
            throw .corrupt("the face detection model lacks its regressors/classificators outputs")
        }
        return decoder.decode(regressors: regressors, logits: logits).map { $0.mapped(through: region) }
    }

    private func faceMesh(_ photo: PhotoBuffer, _ detection: FaceDetection) throws(NNError) -> Face {
        let region = RotatedRect(faceLandmarkRegionFor: detection)
        let (landmarks, presence) = try faceMesh(photo, region: region)
        return Face(detection: detection, region: region, landmarks: landmarks, presence: presence)
    }

    /// The 468 landmarks (image pixels) the mesh model finds in `region`, and its face flag (0...1).
    public func faceMesh(_ photo: PhotoBuffer, region: RotatedRect) throws(NNError) -> (
        landmarks: [Point3D], presence: Float
    ) {
        let outputs = try mesh.run(on: photo, region: region)
        guard let raw = outputs["conv2d_21"], let flag = outputs["conv2d_31"]?.first,
            let landmarks = FaceLandmarks.imagePoints(raw: raw, region: region)
        else {
            throw .corrupt("the face landmark model lacks its landmark/face-flag outputs")
        }
        return (landmarks, FaceLandmarks.presence(logit: flag))
    }

    private func personMask(_ photo: PhotoBuffer) throws(NNError) -> [Float] {
        let region = photo.letterbox
        guard let mask = try segmenter.run(on: photo, region: region)["activation_10"] else {
            throw .corrupt("the selfie segmentation model lacks its mask output")
        }
        return MaskResampler.toImage(
            mask, size: segmenter.inputSize, region: region, width: photo.width, height: photo.height)
    }

    private func pose(_ photo: PhotoBuffer, region: RotatedRect) throws(NNError) -> [PoseLandmark] {
        guard let raw = try poseModel.run(on: photo, region: region)["Identity"] else {
            throw .corrupt("the pose landmark model lacks its landmark output")
        }
        return PoseLandmarks.imagePoints(raw: raw, region: region, inputSize: Float(poseModel.inputSize))
    }
}

extension FaceDetection {
    /// This detection (normalized over `region`'s square) in image pixels.
    func mapped(through region: RotatedRect) -> FaceDetection {
        let corners = [region.imagePoint(u: box.minX, v: box.minY), region.imagePoint(u: box.maxX, v: box.maxY)]
        return FaceDetection(
            box: Box(
                minX: min(corners[0].x, corners[1].x), minY: min(corners[0].y, corners[1].y),
                maxX: max(corners[0].x, corners[1].x), maxY: max(corners[0].y, corners[1].y)),
            keypoints: keypoints.map { region.imagePoint(u: $0.x, v: $0.y) }, score: score)
    }
}
