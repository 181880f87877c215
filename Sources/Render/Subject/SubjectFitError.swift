import GPU

/// Why a photo could not be fitted for posing. `path` names the photo in each sentence.
public enum SubjectFitError: Error, CustomStringConvertible {
    /// The analysis holds no face.
    case noFace(path: String)
    /// The face or body model could not be fitted (`reason` is the fitter's own error).
    case unfittable(path: String, reason: String)
    /// The subject's plates could not be made on the GPU.
    case gpu(GPUError)

    public var description: String {
        switch self {
        case .noFace(let path):
            "No face was found in \(path); use a photo where the face is larger (at least ~40 px across) and seen from the front."
        case .unfittable(let path, let reason):
            "The face and body model could not be fitted to \(path) (\(reason)); use a photo with the head and shoulders in view."
        case .gpu(let error):
            error.description
        }
    }
}
