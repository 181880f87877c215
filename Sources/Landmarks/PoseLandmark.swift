/// A body landmark in image pixels (BlazePose's 33, in its order) with the model's visibility (0...1).
public struct PoseLandmark: Sendable {
    public var position: Point3D
    public var visibility: Float

    public init(position: Point3D, visibility: Float) {
        self.position = position
        self.visibility = visibility
    }
}
