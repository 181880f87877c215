import Landmarks

/// Anchor centres of an SSD detector, generated the way MediaPipe's SsdAnchorsCalculator does for
/// fixed-size anchors: layers that share a stride share one feature map, and each cell of it gets
/// one anchor per aspect ratio plus one interpolated-scale anchor.
public struct SSDAnchors: Sendable {
    public struct Options: Sendable {
        public var inputWidth: Int
        public var inputHeight: Int
        public var strides: [Int]
        public var anchorOffset: Float = 0.5
        public var aspectRatioCount = 1
        public var interpolatedScaleAnchor = true

        /// BlazeFace short range (face_detection_short_range.tflite): 128x128, strides 8/16/16/16,
        /// giving 16x16x2 + 8x8x6 = 896 anchors. Constants from MediaPipe's
        /// face_detection_short_range graph (Apache-2.0).
        public static let faceDetectionShortRange = Options(
            inputWidth: 128, inputHeight: 128, strides: [8, 16, 16, 16])
    }

    /// Anchor centres in normalized input coordinates; fixed-size anchors are 1 x 1.
    public let centers: [Point2D]

    public init(_ options: Options) {
        var centers: [Point2D] = []
        var layer = 0
        while layer < options.strides.count {
            // Consecutive layers with the same stride are one feature map with more anchors per cell.
            var anchorsPerCell = 0
            var last = layer
            while last < options.strides.count && options.strides[last] == options.strides[layer] {
                anchorsPerCell += options.aspectRatioCount + (options.interpolatedScaleAnchor ? 1 : 0)
                last += 1
            }
            let stride = options.strides[layer]
            let rows = (options.inputHeight + stride - 1) / stride
            let columns = (options.inputWidth + stride - 1) / stride
            for y in 0..<rows {
                for x in 0..<columns {
                    let center = Point2D(
                        x: (Float(x) + options.anchorOffset) / Float(columns),
                        y: (Float(y) + options.anchorOffset) / Float(rows))
                    centers += Array(repeating: center, count: anchorsPerCell)
                }
            }
            layer = last
        }
        self.centers = centers
    }
}
