import GPU
import Media
import Motion
import NN
import Render

/// Why a pipeline command failed, as one sentence for the user. The CLI decides the exit code from the case.
public enum PipelineError: Error, CustomStringConvertible {
    case media(MediaError)
    case gpu(GPUError)
    case model(NNError)
    /// The photo has no face the detector can find.
    case noFace(path: String)
    /// The face chosen by index (0 is the largest) is not among the `available` faces found in the photo.
    case noSuchFace(path: String, requested: Int, available: Int)
    /// The face or body model could not be fitted to the photo.
    case unfittable(path: String, reason: String)
    /// Frames of this size do not fit one buffer of the device; `largestSide` is the longest side that does.
    case frameTooLarge(width: Int, height: Int, device: String, largestSide: Int)
    /// A motion file that cannot be used.
    case motionFile(MotionFileError)
    /// Phoneme recognition failed.
    case recognition(RecognitionError)
    /// A phoneme timing file that cannot be used.
    case phonemeTiming(PhonemeTimingError)
    case `internal`(String)

    public var description: String {
        switch self {
        case .media(let error): error.description
        case .gpu(let error): error.description
        case .model(let error): error.description
        case .noFace(let path):
            SubjectFitError.noFace(path: path).description
        case .noSuchFace(let path, let requested, let available):
            "Face \(requested) was asked for, but \(path) has \(available) (0 is the largest); choose one of them."
        case .frameTooLarge(let width, let height, let device, let largestSide):
            "\(width)x\(height) frames are more than \(device) can hold in one buffer; render at \(largestSide) pixels on the long side or less."
        case .unfittable(let path, let reason):
            SubjectFitError.unfittable(path: path, reason: reason).description
        case .motionFile(let error): error.description
        case .recognition(let error): error.description
        case .phonemeTiming(let error): error.description
        case .internal(let message): "Internal error: \(message)."
        }
    }

}

extension PipelineError {
    /// The pipeline error for an error of a layer below (GPU, model, media, motion file, recognition);
    /// anything else is internal.
    public init(_ error: any Error) {
        switch error {
        case let error as PipelineError: self = error
        case let error as MediaError: self = .media(error)
        case let error as GPUError: self = .gpu(error)
        case let error as NNError: self = .model(error)
        case let error as MotionFileError: self = .motionFile(error)
        case let error as RecognitionError: self = .recognition(error)
        case let error as PhonemeTimingError: self = .phonemeTiming(error)
        case let error as SpeechError: self.init(error)
        case let error as SubjectFitError: self.init(error)
        default: self = .internal("\(error)")
        }
    }
}

extension PipelineError {
    /// The media, recognition or timing error that kept speech from becoming motion.
    public init(_ error: SpeechError) {
        switch error {
        case .media(let error): self = .media(error)
        case .recognition(let error): self = .recognition(error)
        case .timing(let error): self = .phonemeTiming(error)
        }
    }
}

extension PipelineError {
    /// The photo had no face, could not be fitted, or its plates not made.
    public init(_ error: SubjectFitError) {
        switch error {
        case .noFace(let path): self = .noFace(path: path)
        case .unfittable(let path, let reason): self = .unfittable(path: path, reason: reason)
        case .gpu(let error): self = .gpu(error)
        }
    }
}
