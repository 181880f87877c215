import Foundation
import Media
import MediaFixtures
import XCTest

/// No user file is lost: an output that is an input, a device, or a file that appeared during the work.
final class OutputPathTests: XCTestCase {
    func testAnOutputThatIsAnInputUnderAnotherSpellingIsRefusedEvenWithForce() throws {
        let folder = try makeScratchFolder(self)
        let input = folder.appendingPathComponent("in.mp4").path
        try Data("source".utf8).write(to: URL(fileURLWithPath: input))
        let otherSpelling = folder.appendingPathComponent("sub/../in.mp4").path
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try OutputPath.check(otherSpelling, inputs: [input], overwrite: true)) { error in
            guard case .invalidRequest(let message)? = error as? MediaError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains(input), message)
        }
        let link = folder.appendingPathComponent("hard.mp4").path
        XCTAssertEqual(Foundation.link(input, link), 0)
        XCTAssertThrowsError(
            try OutputPath.check(link, inputs: [input], overwrite: true), "a hard link is the same file"
        ) { error in
            guard case .invalidRequest = error as? MediaError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try String(contentsOfFile: input, encoding: .utf8), "source")
    }

    func testForceReplacesFilesButNeverAFolderOrADevice() throws {
        let folder = try makeScratchFolder(self)
        XCTAssertThrowsError(try OutputPath.check(folder.path, overwrite: true)) { error in
            XCTAssertEqual(error as? MediaError, .outputNotAFile(path: folder.path))
        }
        XCTAssertThrowsError(try OutputPath.check("/dev/null", overwrite: true)) { error in
            XCTAssertEqual(error as? MediaError, .outputNotAFile(path: "/dev/null"))
        }
        let file = folder.appendingPathComponent("old.png").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertNoThrow(try OutputPath.check(file, overwrite: true))
        XCTAssertThrowsError(try OutputPath.check(file, overwrite: false)) { error in
            XCTAssertEqual(error as? MediaError, .outputExists(path: file))
        }
        XCTAssertNoThrow(try OutputPath.check(folder.appendingPathComponent("new.png").path, overwrite: false))
    }

    func testWithoutForceAFileThatAppearedDuringTheWorkIsKept() throws {
        let folder = try makeScratchFolder(self)
        let output = folder.appendingPathComponent("out.mp4").path
        try OutputPath.check(output, overwrite: false) // nothing there at the start
        // Another run finishes first.
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: output))
        let temporary = folder.appendingPathComponent(".out.mp4.1234.partial").path
        try Data("ours".utf8).write(to: URL(fileURLWithPath: temporary))
        XCTAssertThrowsError(try OutputPath.commit(temporary: temporary, to: output, overwrite: false)) { error in
            XCTAssertEqual(error as? MediaError, .outputExists(path: output))
        }
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "theirs")
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary), "the temporary file is removed")
        // With --force the finished file replaces it; with no file there it simply lands.
        try Data("ours".utf8).write(to: URL(fileURLWithPath: temporary))
        try OutputPath.commit(temporary: temporary, to: output, overwrite: true)
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "ours")
        let fresh = folder.appendingPathComponent("fresh.mp4").path
        try Data("new".utf8).write(to: URL(fileURLWithPath: temporary))
        try OutputPath.commit(temporary: temporary, to: fresh, overwrite: false)
        XCTAssertEqual(try String(contentsOfFile: fresh, encoding: .utf8), "new")
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary))
    }
}
