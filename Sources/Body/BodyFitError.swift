/// What fitting the body layer to a photo can fail with. Each case reads as one sentence.
public enum BodyFitError: Error, Equatable, CustomStringConvertible {
    /// The segmentation mask has no person pixels: nothing to build a body from.
    case noPersonFound
    /// The mask does not have `width * height` values.
    case maskSizeMismatch(expected: Int, got: Int)
    /// The image has no pixels.
    case emptyImage(width: Int, height: Int)
    /// The face geometry is not a 468-vertex FaceMesh in front of the camera.
    case invalidFaceGeometry(String)

    public var description: String {
        switch self {
        case .noPersonFound:
            "No person found in the photo; use a photo that shows a person's head and shoulders."
        case .maskSizeMismatch(let expected, let got):
            "The person mask has \(got) values but the image has \(expected) pixels."
        case .emptyImage(let width, let height):
            "The image is \(width)x\(height) pixels; it has nothing to fit a body to."
        case .invalidFaceGeometry(let detail):
            "The fitted face cannot carry the body layer: \(detail)."
        }
    }
}
