import Foundation
import XCTest

/// The fuzzing seeds stay valid inputs (a seed that is refused teaches the fuzzer nothing about the real parser),
/// and the replay tool that checks `make fuzz`'s findings reads them.
final class FuzzSeedTests: XCTestCase {
    func testEverySeedIsReadByItsParser() throws {
        let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "vlogger-fuzz")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            throw XCTSkip("vlogger-fuzz is not built next to the tests (swift build --build-tests builds it)")
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let seeds = repository.appendingPathComponent("Tests/Fuzz")
        var inputs: [(target: String, files: [String])] = []
        for target in ["image", "audio", "video", "motion", "safetensors"] {
            let folder = seeds.appendingPathComponent(target)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            XCTAssertFalse(names.isEmpty, "no seeds for \(target)")
            inputs.append((target, names.map { folder.appendingPathComponent($0).path }))
        }
        inputs.append(("tflite", [repository.appendingPathComponent("Models/face_detection_short_range.tflite").path]))
        for (target, files) in inputs {
            let process = Process()
            process.executableURL = tool
            process.arguments = [target] + files
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(target): \(report)")
            let lines = report.split(separator: "\n")
            XCTAssertEqual(lines.count, files.count, "\(target): \(report)")
            for line in lines { XCTAssertFalse(line.contains("refused"), "\(target): \(line)") }
        }
    }
}
