import GPU
import Media
import Motion
import NN

/// Why a pipeline command failed: one sentence for the user and the sysexits code to exit with.
public enum PipelineError: Error, CustomStringConvertible {
    case media(MediaError)
    case gpu(GPUError)
    case model(NNError)
    /// The photo has no face the detector can find (65).
    case noFace(path: String)
    /// The face or body model could not be fitted to the photo (65).
    case unfittable(path: String, reason: String)
    /// A motion file that cannot be used (66 / 65).
    case motionFile(MotionFileError)
    /// Phoneme recognition failed: models missing (66), nothing recognizable (65).
    case recognition(RecognitionError)
    case `internal`(String)

    public var description: String {
        switch self {
        case .media(let error): error.description
        case .gpu(let error): error.description
        case .model(let error): error.description
        case .noFace(let path):
            "No face was found in \(path); use a photo where the face is larger (at least ~40 px across) and seen from the front."
        case .unfittable(let path, let reason):
            "The face and body model could not be fitted to \(path) (\(reason)); use a photo with the head and shoulders in view."
        case .motionFile(let error): error.description
        case .recognition(let error): error.description
        case .internal(let message): "Internal error: \(message)."
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .media(let error): error.exitCode
        case .gpu: 69
        case .model(.gpu): 69
        case .model(.modelFile(.notFound)), .model(.unreadable), .model(.modelFile(.folderMissing)): 66
        case .model(.modelFile(.damaged)), .model(.corruptModel): 65
        case .model: 70
        case .noFace, .unfittable: 65
        case .motionFile(let error): error.exitCode
        case .recognition(let error): error.exitCode
        case .internal: 70
        }
    }
}

extension PipelineError {
    /// The pipeline error for an error of a layer below (GPU, model, media, motion file, recognition);
    /// anything else is internal.
    init(_ error: any Error) {
        switch error {
        case let error as PipelineError: self = error
        case let error as MediaError: self = .media(error)
        case let error as GPUError: self = .gpu(error)
        case let error as NNError: self = .model(error)
        case let error as MotionFileError: self = .motionFile(error)
        case let error as RecognitionError: self = .recognition(error)
        default: self = .internal("\(error)")
        }
    }
}
