import ArgumentParser
import Foundation
import GPU
import Pipeline

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

extension GPUError {
    /// 69 when no usable GPU/device could be opened, 64 for bad arguments, 70 otherwise.
    var exitStatus: Int32 {
        switch self {
        case .vulkanUnavailable, .noUsableDevice, .deviceNotFound, .validationLayerMissing, .unsupported:
            ExitStatus.unavailable
        case .invalidArgument:
            ExitStatus.usage
        case .vulkan, .shaderMissing:
            ExitStatus.software
        }
    }
}

/// Runs `body`, turning a GPUError into one line on stderr and its exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as GPUError {
        printError(error.description)
        throw ExitCode(error.exitStatus)
    } catch let error as PipelineError {
        printError(error.description)
        throw ExitCode(error.exitCode)
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
