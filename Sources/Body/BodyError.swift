/// Why the body model could not be built from what perception found.
public enum BodyError: Error, Equatable, CustomStringConvertible {
    /// The face mesh must have exactly the FaceMesh landmark count.
    case wrongLandmarkCount(expected: Int, got: Int)
    /// A landmark coordinate is NaN or infinite.
    case nonFiniteLandmark(index: Int)
    /// The landmarks have no spread (all at one point), so no scale or rotation can be fitted.
    case degenerateLandmarks
    /// The image size is not positive.
    case invalidImageSize(width: Int, height: Int)
    /// The shipped canonical face model is missing or malformed.
    case canonicalFaceUnavailable(String)

    public var description: String {
        switch self {
        case .wrongLandmarkCount(let expected, let got):
            return "the face mesh has \(got) landmarks; the face model needs exactly \(expected)"
        case .nonFiniteLandmark(let index):
            return "face landmark \(index) is not a finite point"
        case .degenerateLandmarks:
            return "the face landmarks all lie at one point; no face can be fitted to them"
        case .invalidImageSize(let width, let height):
            return "the image size \(width)x\(height) is not positive"
        case .canonicalFaceUnavailable(let reason):
            return "the canonical face model could not be loaded: \(reason)"
        }
    }
}
