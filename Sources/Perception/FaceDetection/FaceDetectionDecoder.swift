import Foundation
import Landmarks

/// One detected face in normalized model-input coordinates.
public struct FaceDetection: Sendable, Hashable {
    public var box: Box
    /// Right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion (the subject's sides).
    public var keypoints: [Point2D]
    /// Probability that the box holds a face (sigmoid of the model's logit).
    public var score: Float

    public init(box: Box, keypoints: [Point2D], score: Float) {
        self.box = box
        self.keypoints = keypoints
        self.score = score
    }

    /// This detection scaled from normalized coordinates to a `width` x `height` image.
    public func scaled(width: Float, height: Float) -> FaceDetection {
        FaceDetection(
            box: box.scaled(width: width, height: height),
            keypoints: keypoints.map { Point2D(x: $0.x * width, y: $0.y * height) }, score: score)
    }
}

/// Turns BlazeFace's raw outputs (per-anchor box/keypoint offsets and score logits) into faces:
/// decode against the anchors, keep scores above a threshold, and merge overlapping boxes by
/// weighted non-maximum suppression, as MediaPipe's TensorsToDetections and NonMaxSuppression
/// calculators do (WEIGHTED algorithm, IoU 0.3).
public struct FaceDetectionDecoder: Sendable {
    public var anchors: SSDAnchors
    /// Offsets are in input pixels; dividing by the input size makes them normalized.
    public var scale: Float
    public var minimumScore: Float
    public var suppressionThreshold: Float
    public static let keypointCount = 6
    static let valuesPerAnchor = 4 + 2 * keypointCount

    public init(
        anchors: SSDAnchors = SSDAnchors(.faceDetectionShortRange), scale: Float = 128,
        minimumScore: Float = 0.5, suppressionThreshold: Float = 0.3
    ) {
        self.anchors = anchors
        self.scale = scale
        self.minimumScore = minimumScore
        self.suppressionThreshold = suppressionThreshold
    }

    /// `regressors`: anchors x 16 values (x, y, w, h, then 6 keypoints x/y); `logits`: one per anchor.
    /// Faces come sorted by score, highest first.
    public func decode(regressors: [Float], logits: [Float]) -> [FaceDetection] {
        let count = anchors.centers.count
        guard regressors.count == count * Self.valuesPerAnchor, logits.count == count else { return [] }
        var candidates: [FaceDetection] = []
        for index in 0..<count {
            // MediaPipe clips logits to +-100 before the sigmoid.
            let score = 1 / (1 + Foundation.exp(-min(max(logits[index], -100), 100)))
            guard score >= minimumScore else { continue }
            let anchor = anchors.centers[index]
            let raw = regressors[(index * Self.valuesPerAnchor)..<((index + 1) * Self.valuesPerAnchor)].map {
                $0 / scale
            }
            let base = raw.startIndex
            let box = Box(
                centerX: raw[base] + anchor.x, centerY: raw[base + 1] + anchor.y,
                width: raw[base + 2], height: raw[base + 3])
            let keypoints = (0..<Self.keypointCount).map {
                Point2D(x: raw[base + 4 + 2 * $0] + anchor.x, y: raw[base + 5 + 2 * $0] + anchor.y)
            }
            candidates.append(FaceDetection(box: box, keypoints: keypoints, score: score))
        }
        return Self.weightedNonMaximumSuppression(candidates, threshold: suppressionThreshold)
    }

    /// Repeatedly takes the best remaining detection and every remaining one overlapping it by more
    /// than `threshold` IoU, and replaces them by their score-weighted average box and keypoints
    /// (keeping the best score). Weighted averaging steadies the box across frames.
    public static func weightedNonMaximumSuppression(_ detections: [FaceDetection], threshold: Float) -> [FaceDetection]
    {
        var remaining = detections.sorted { $0.score > $1.score }
        var result: [FaceDetection] = []
        while let best = remaining.first {
            let cluster = remaining.filter { best.box.intersectionOverUnion($0.box) > threshold || $0 == best }
            remaining.removeAll { best.box.intersectionOverUnion($0.box) > threshold || $0 == best }
            let total = cluster.reduce(0) { $0 + $1.score }
            func average(_ value: (FaceDetection) -> Float) -> Float {
                cluster.reduce(0) { $0 + value($1) * $1.score } / total
            }
            let box = Box(
                minX: average { $0.box.minX }, minY: average { $0.box.minY },
                maxX: average { $0.box.maxX }, maxY: average { $0.box.maxY })
            let keypoints = best.keypoints.indices.map { k in
                Point2D(x: average { $0.keypoints[k].x }, y: average { $0.keypoints[k].y })
            }
            result.append(FaceDetection(box: box, keypoints: keypoints, score: best.score))
        }
        return result
    }
}
