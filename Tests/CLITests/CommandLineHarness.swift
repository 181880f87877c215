import Foundation
import MediaFixtures
import XCTest

/// What one run of the program did.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
    /// The run ended by a signal (a crash) rather than an exit.
    let crashed: Bool
}

/// A started run of the program.
struct RunningCommand {
    let process: Process
    let output = Pipe(), errors = Pipe()

    /// Waits for the run to end. stderr is read to its end first, then stdout (the program writes little to
    /// either, so neither pipe fills while the other is read).
    func finish() -> CommandResult {
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self),
            crashed: process.terminationReason == .uncaughtSignal)
    }
}

/// Runs the built `vlogger-gpu` the way a user does, in a scratch folder with its own $TMPDIR and $HOME
/// (and no $XDG_RUNTIME_DIR, like a server shell), so anything a run leaves behind is visible.
final class CommandLineHarness {
    let binary: URL
    /// The working folder: inputs are made here and outputs written here.
    let folder: URL
    let temporary: URL
    let home: URL

    init(_ test: XCTestCase) throws {
        binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "vlogger-gpu")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("vlogger-gpu is not built next to the tests (swift build --build-tests builds it)")
        }
        let scratch = try makeScratchFolder(test)
        folder = scratch.appendingPathComponent("work")
        temporary = scratch.appendingPathComponent("tmp")
        home = scratch.appendingPathComponent("home")
        for url in [folder, temporary, home] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
    }

    /// The path of `name` in the working folder.
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `bytes` as `name` in the working folder and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return path(name)
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandResult {
        try start(arguments, environment: extra).finish()
    }

    /// Starts a run without waiting for it (two at once race for one output).
    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> RunningCommand {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary.path
        environment["HOME"] = home.path
        environment["XDG_RUNTIME_DIR"] = nil
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let running = RunningCommand(process: process)
        process.standardOutput = running.output
        process.standardError = running.errors
        try process.run()
        return running
    }

    /// The working folder's entries and each one's bytes, to compare before and after a run.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            // Only regular files are read (a FIFO would block); others count by name.
            let type = try FileManager.default.attributesOfItem(atPath: path(name))[.type] as? FileAttributeType
            files[name] = type == .typeRegular ? (FileManager.default.contents(atPath: path(name)) ?? Data()) : Data()
        }
        return files
    }

    /// Runs `arguments`, which must be refused: exit `status` (not a signal), one line on stderr that starts
    /// with the program's name, names `naming` and ends a sentence; the working folder unchanged (no output,
    /// no partial file, inputs byte for byte the same); nothing left in $TMPDIR or $HOME.
    func assertRefused(
        _ arguments: [String], status: Int32, naming: String, environment: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let before = try snapshot()
        let result = try run(arguments, environment: environment)
        let label = arguments.joined(separator: " ").prefix(160)
        XCTAssertFalse(result.crashed, "\(label): crashed with signal \(result.status)", file: file, line: line)
        XCTAssertEqual(result.status, status, "\(label): \(result.stderr)", file: file, line: line)
        // Option errors found while parsing are followed by the usage lines, as in every ArgumentParser tool (a value
        // outside a closed set also by the option's help line).
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("Usage: ") && !$0.hasPrefix("  See '") && !$0.hasPrefix("Help:  ") }
        XCTAssertEqual(lines.count, 1, "\(label): stderr is not one line:\n\(result.stderr)", file: file, line: line)
        if let message = lines.first {
            XCTAssertTrue(
                message.hasPrefix("vlogger-gpu: ") || message.hasPrefix("Error: "), "\(label): \(message)", file: file,
                line: line)
            XCTAssertTrue(
                message.contains(naming), "\(label): the message does not name \(naming): \(message)", file: file,
                line: line)
            XCTAssertTrue(message.hasSuffix("."), "\(label): not a sentence: \(message)", file: file, line: line)
            XCTAssertLessThan(message.count, 600, "\(label): message too long", file: file, line: line)
        }
        XCTAssertEqual(try snapshot(), before, "\(label): the working folder changed", file: file, line: line)
        assertNothingLeftBehind(label, file: file, line: line)
    }

    /// $TMPDIR and $HOME are as empty as before the runs.
    func assertNothingLeftBehind(_ label: Substring, file: StaticString = #filePath, line: UInt = #line) {
        for url in [temporary, home] {
            let left = (FileManager.default.subpaths(atPath: url.path) ?? [])
            XCTAssertEqual(left, [], "\(label): left in \(url.lastPathComponent)", file: file, line: line)
        }
    }
}
