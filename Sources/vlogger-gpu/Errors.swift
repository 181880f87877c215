import ArgumentParser
import Foundation
import GPU
import Media
import Motion
import NN
import Pipeline
import Render

/// Exit codes from sysexits(3), as docs/ARCHITECTURE.md fixes them.
enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let unavailable: Int32 = 69
    static let software: Int32 = 70
    static let cannotCreate: Int32 = 73
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("vlogger-gpu: \(message)\n".utf8))
}

/// How a failure of the library reads on stderr and which code the program exits with. The library's errors
/// carry neither exit codes nor option names: this is the one place that maps error cases to sysexits(3) codes
/// (the table in docs/ARCHITECTURE.md) and words a fix in terms of the command line.
struct CommandFailure: Error {
    let message: String
    let status: Int32

    /// The failure for an error of the library; nil for anything else (argument-parser's own errors,
    /// an `ExitCode`), which passes through.
    init?(_ error: any Error) {
        switch error {
        case let error as PipelineError: self.init(error)
        case let error as SpeechError: self.init(PipelineError(error))
        case let error as SubjectFitError: self.init(PipelineError(error))
        case let error as MediaError: self.init(PipelineError.media(error))
        case let error as GPUError: self.init(PipelineError.gpu(error))
        case let error as NNError: self.init(PipelineError.model(error))
        case let error as MotionFileError: self.init(PipelineError.motionFile(error))
        case let error as RecognitionError: self.init(PipelineError.recognition(error))
        case let error as PhonemeTimingError: self.init(PipelineError.phonemeTiming(error))
        default: return nil
        }
    }

    init(_ error: PipelineError) {
        message = Self.message(for: error)
        status = Self.status(of: error)
    }

    /// The library's sentence, or one that names the option to change where the fix is a flag.
    private static func message(for error: PipelineError) -> String {
        switch error {
        case .media(.outputExists(let path)):
            "\(path) already exists; use --force to replace it or choose another name."
        case .noSuchFace(let path, let requested, let available):
            "--face \(requested) asks for a face \(path) does not have: it has \(available) (0 is the largest)."
        case .frameTooLarge(let width, let height, let device, let largestSide):
            "\(width)x\(height) frames are more than \(device) can hold in one buffer; use --size \(largestSide) or less."
        case .recognition(.transcriptRequired(let path)):
            "--lipsync align needs --transcript or --transcript-file with the words spoken in \(path)."
        default:
            error.description
        }
    }

    private static func status(of error: PipelineError) -> Int32 {
        switch error {
        case .media(let error): status(of: error)
        case .gpu(let error), .model(.gpu(let error)): status(of: error)
        case .model(.modelFile(.notFound)), .model(.modelFile(.folderMissing)), .model(.unreadable): ExitStatus.noInput
        case .model(.modelFile(.damaged)), .model(.corruptModel), .model(.corruptWeights): ExitStatus.dataError
        case .model: ExitStatus.software
        case .noFace, .unfittable: ExitStatus.dataError
        case .noSuchFace, .frameTooLarge: ExitStatus.usage
        case .motionFile(.missing), .motionFile(.unreadable): ExitStatus.noInput
        case .motionFile(.invalid): ExitStatus.dataError
        case .recognition(.modelMissing): ExitStatus.noInput
        case .recognition(.audioTooShort), .recognition(.nothingRecognized), .recognition(.unusableTranscript):
            ExitStatus.dataError
        case .recognition(.transcriptRequired): ExitStatus.usage
        case .recognition(.internal), .internal: ExitStatus.software
        case .phonemeTiming(.missing), .phonemeTiming(.unreadable): ExitStatus.noInput
        case .phonemeTiming(.invalid), .phonemeTiming(.longerThanAudio): ExitStatus.dataError
        }
    }

    private static func status(of error: MediaError) -> Int32 {
        switch error {
        case .missingInput, .unreadable, .inputNotAFile: ExitStatus.noInput
        case .corrupt, .unsupported, .imageTooLarge, .noAudioStream, .emptyAudio, .silentAudio: ExitStatus.dataError
        case .cannotCreateOutput, .scratchUnavailable, .outputExists, .outputNotAFile: ExitStatus.cannotCreate
        case .codecUnavailable: ExitStatus.unavailable
        case .invalidRequest: ExitStatus.usage
        case .internal: ExitStatus.software
        }
    }

    /// 69 when no usable GPU/device could be opened, 64 for bad arguments, 70 otherwise.
    private static func status(of error: GPUError) -> Int32 {
        switch error {
        case .vulkanUnavailable, .noUsableDevice, .deviceNotFound, .validationLayerMissing, .unsupported:
            ExitStatus.unavailable
        case .invalidArgument:
            ExitStatus.usage
        case .vulkan, .shaderMissing:
            ExitStatus.software
        }
    }
}

/// Runs `body`, turning a library error into one line on stderr and its exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        guard let failure = CommandFailure(error) else { throw error }
        printError(failure.message)
        throw ExitCode(failure.status)
    }
}

/// `reportingErrors` around `body` run on the device `gpu` chooses; what the validation layer said is printed after.
func reportingErrors(on gpu: GPUOptions, _ body: (GPUDevice) throws -> Void) throws {
    try reportingErrors { try gpu.withDevice(body) }
}

/// Prints `value` as pretty JSON with sorted keys on stdout (every command's `--json`).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
