import Foundation
import MediaFixtures
import XCTest

/// The program run on the hostile inputs a new user tries (wrong paths, renamed files, huge or tiny inputs, ...): each is refused with its documented exit code and one
/// sentence naming the file, never a crash, never a partial output, never a changed input, nothing left in
/// $TMPDIR or $HOME.
final class HostileInputTests: XCTestCase {
    private var cli: CommandLineHarness!

    override func setUpWithError() throws {
        cli = try CommandLineHarness(self)
    }

    /// A picture with no face in it (the checks below fail before perception looks).
    private func photo(_ name: String = "photo.png") throws -> String {
        try writeImage(
            HostileFiles.noisePixels(width: 64, height: 48), width: 64, height: 48, channels: 3, encoder: "png",
            to: cli.folder.appendingPathComponent(name))
        return cli.path(name)
    }

    // MARK: Audio the decoders cannot open

    func testAudioWhoseDecoderCannotOpenIsRefusedWithoutACrash() throws {
        // IMA-ADPCM, block align 512 for 16 bits: used to free the codec context twice.
        let adpcm = try cli.write(
            "adpcm.wav",
            HostileFiles.wav(
                formatTag: 0x11, channels: 1, blockAlign: 512, bitsPerSample: 16,
                extra: [2, 0, 0xF9, 0x01]))
        try cli.assertRefused(["motion", "--audio", adpcm, "-o", cli.path("m.json")], status: 65, naming: "adpcm.wav")
        let wide = try cli.write("wide.wav", HostileFiles.wav(channels: 4096, dataBytes: 4096 * 2 * 8))
        try cli.assertRefused(["motion", "--audio", wide, "-o", cli.path("m.json")], status: 65, naming: "wide.wav")
    }

    func testMoreChannelsThanTheMixerTakesIsNamedNotAnInternalError() throws {
        let file = try cli.write("ch255.wav", HostileFiles.wav(channels: 255, dataBytes: 255 * 2 * 1600))
        try cli.assertRefused(["motion", "--audio", file, "-o", cli.path("m.json")], status: 65, naming: "ch255.wav")
        let result = try cli.run(["motion", "--audio", file, "-o", cli.path("m.json")])
        XCTAssertTrue(result.stderr.contains("255 audio channels"), result.stderr)
        XCTAssertFalse(result.stderr.contains("[SWR"), "FFmpeg's own log lines leak: \(result.stderr)")
    }

    func testAbsurdSampleRateIsRefusedAtOnce() throws {
        // Found by `make fuzz`: a WAV header claiming 536,886,912 Hz took 6 s to resample its 200 samples.
        let file = try cli.write("fast.wav", HostileFiles.wav(channels: 1, sampleRate: 536_886_912, dataBytes: 400))
        try cli.assertRefused(["motion", "--audio", file, "-o", cli.path("m.json")], status: 65, naming: "fast.wav")
        XCTAssertTrue(
            try cli.run(["motion", "--audio", file, "-o", cli.path("m.json")]).stderr.contains("536886912 Hz"))
    }

    func testTooShortSpeechIsNamed() throws {
        // 0.05 s: recognition needs 0.1 s; the message named no file and was not a sentence.
        let file = try cli.write("blip.wav", HostileFiles.wav(channels: 1, dataBytes: 1600))
        try cli.assertRefused(["motion", "--audio", file, "-o", cli.path("m.json")], status: 65, naming: "blip.wav")
    }

    func testDamagedMP3PrintsOnlyOurSentence() throws {
        // An ID3 frame larger than its tag, then MP3 frame headers over noise: libsndfile's libmpg123 printed
        // "Whoa! ID3v2 frame claims to be larger ..." on stderr before our message.
        // Seeded noise: FFmpeg decodes a few frames of some noise (then the clip is too short, also to be named).
        var state: UInt64 = 0x5EED
        func noise(_ count: Int) -> [UInt8] {
            (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
        }
        var bytes: [UInt8] =
            Array("ID3".utf8) + [3, 0, 0, 0, 0, 2, 0] + Array("TIT2".utf8) + [0x7F, 0xFF, 0xFF, 0xFF, 0, 0] + noise(300)
        for _ in 0..<6 { bytes += [0xFF, 0xFB, 0x90, 0x00] + noise(413) }
        let file = try cli.write("damaged.mp3", bytes)
        try cli.assertRefused(["motion", "--audio", file, "-o", cli.path("m.json")], status: 65, naming: "damaged.mp3")
    }

    // MARK: Damaged and unusual pictures

    func testCutJPEGIsDamagedDataNotAGreenPicture() throws {
        let whole = cli.folder.appendingPathComponent("whole.jpg")
        try writeImage(
            HostileFiles.noisePixels(width: 160, height: 120), width: 160, height: 120, channels: 3, encoder: "mjpeg",
            to: whole)
        let bytes = try Data(contentsOf: whole)
        let cut = try cli.write("cut.jpg", Array(bytes.prefix(bytes.count / 3)))
        try cli.assertRefused(["pose", "--image", cut, "-o", cli.path("out.png")], status: 65, naming: "cut.jpg")
    }

    func testHugePictureIsTooLargeAndEveryOtherBadPictureIsNamed() throws {
        let huge = try cli.write("huge.png", HostileFiles.pngHeader(width: 30_000, height: 30_000))
        try cli.assertRefused(["analyze", "--image", huge], status: 65, naming: "huge.png")
        XCTAssertTrue(try cli.run(["analyze", "--image", huge]).stderr.contains("too large"))

        let text = try cli.write("notes.jpg", Array("this is not a picture\n".utf8))
        try cli.assertRefused(["analyze", "--image", text], status: 65, naming: "notes.jpg")
        let empty = try cli.write("empty.png", [])
        try cli.assertRefused(["analyze", "--image", empty], status: 65, naming: "empty.png")
        try cli.assertRefused(["analyze", "--image", cli.path("missing.png")], status: 66, naming: "missing.png")

        try FileManager.default.createDirectory(atPath: cli.path("folder.png"), withIntermediateDirectories: false)
        try cli.assertRefused(["analyze", "--image", cli.path("folder.png")], status: 66, naming: "folder.png")
        XCTAssertFalse(try cli.run(["analyze", "--image", cli.path("folder.png")]).stderr.contains("permission"))
        XCTAssertEqual(mkfifo(cli.path("pipe.png"), 0o600), 0)
        try cli.assertRefused(["analyze", "--image", cli.path("pipe.png")], status: 66, naming: "pipe.png")
    }

    // MARK: Options

    func testNonFiniteEditTimesAreUsageErrors() throws {
        let video = try cli.write("talk.mp4", Array("not looked at: the options fail first".utf8))
        for range in [["--to", "nan"], ["--to=-1"], ["--from", "nan"], ["--from", "inf"], ["--to=-inf"]] {
            try cli.assertRefused(
                ["edit", "--video", video, "--close-eyes", "-o", cli.path("out.mp4")] + range, status: 64,
                naming: range[0].hasPrefix("--to") ? "--to" : "--from")
        }
    }

    func testAValueOutsideAClosedSetNamesTheChoices() throws {
        let image = try photo()
        let video = try cli.write("talk.mp4", Array("not looked at: the options fail first".utf8))
        try cli.assertRefused(
            ["render", "--image", image, "--text", "Hello.", "--gestures", "maybe", "-o", cli.path("out.mp4")],
            status: 64, naming: "'on' and 'off'")
        try cli.assertRefused(
            ["edit", "--video", video, "--expression", "happy", "-o", cli.path("out.mp4")],
            status: 64, naming: "'smile' and 'serious'")
        try cli.assertRefused(
            ["translate", "--video", video, "--audio", video, "--lipsync", "guess", "-o", cli.path("out.mp4")],
            status: 64, naming: "'auto', 'words', 'recognize', 'align', 'acoustic' or 'neural'")
        try cli.assertRefused(["bench", "kernels", "--dtype", "fp64"], status: 64, naming: "'fp32', 'fp16' or 'all'")
    }

    func testEncoderIsCheckedBeforeAnyWork() throws {
        let image = try photo()
        try cli.assertRefused(
            ["render", "--image", image, "--text", "Hello.", "--encoder", "nosuch", "-o", cli.path("out.mp4")],
            status: 64, naming: "nosuch")
        try cli.assertRefused(
            ["render", "--image", image, "--text", "Hello.", "--encoder", "png", "-o", cli.path("out.mp4")],
            status: 64, naming: "png")
    }

    func testTextWithoutWordsAndTextStartingWithADash() throws {
        try cli.assertRefused(["motion", "--text", "?!... ,,,", "-o", cli.path("m.json")], status: 64, naming: "?!...")
        let result = try cli.run(["motion", "--text", "-5 degrees", "-o", cli.path("dash.json")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cli.path("dash.json")))
    }

    func testLongTranscriptIsNotEchoedWhole() throws {
        try cli.write("noise.wav", HostileFiles.wav(channels: 1))
        let transcript = String(repeating: "!? ", count: 7000)
        let result = try cli.run([
            "motion", "--audio", cli.path("noise.wav"), "--lipsync", "align", "--transcript", transcript,
            "-o", cli.path("m.json"),
        ])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(result.crashed)
        XCTAssertLessThan(result.stderr.count, 600, "the 21 KB transcript is echoed: \(result.stderr.prefix(300))…")
    }

    // MARK: Motion files

    func testMotionFileControlOutOfRangeIsRefusedBeforeAnyWork() throws {
        XCTAssertEqual(try cli.run(["motion", "--text", "Hello.", "-o", cli.path("good.json")]).status, 0)
        let good = try JSONSerialization.jsonObject(
            with: Data(contentsOf: cli.folder.appendingPathComponent("good.json")))
        for (name, value) in [("huge.json", "1e30"), ("overflow.json", "1e309")] {
            var track = try XCTUnwrap(good as? [String: Any])
            var frames = try XCTUnwrap(track["frames"] as? [[String: Any]])
            frames[5]["headYaw"] = 12345.0
            track["frames"] = frames
            let text = String(decoding: try JSONSerialization.data(withJSONObject: track), as: UTF8.self)
                .replacingOccurrences(of: "12345", with: value)
            try cli.write(name, Array(text.utf8))
            // The photo has no face: only a motion file checked first can be the error.
            try cli.assertRefused(
                [
                    "render", "--image", try photo(), "--text", "Hello.", "--motion", cli.path(name), "-o",
                    cli.path("out.mp4"),
                ],
                status: 65, naming: name)
            let message = try cli.run([
                "render", "--image", try photo(), "--text", "Hello.", "--motion", cli.path(name), "-o",
                cli.path("out.mp4"),
            ]).stderr
            XCTAssertTrue(
                message.contains("headYaw") || message.contains(value),
                "names neither the control nor the value: \(message)")
        }
    }

    // MARK: Models

    func testMissingModelFolderIsAnErrorNotASilentFallback() throws {
        let image = try photo()
        try cli.assertRefused(
            ["analyze", "--image", image], status: 66, naming: "/nonexistent/models",
            environment: ["VLOGGER_MODELS": "/nonexistent/models"])
    }

    // MARK: Outputs

    func testOutputThatIsTheInputIsRefusedEvenWithForce() throws {
        let image = try photo("face.png")
        try cli.assertRefused(["pose", "--image", image, "-o", image, "--force"], status: 64, naming: "face.png")
        try cli.assertRefused(
            ["pose", "--image", image, "-o", cli.folder.appendingPathComponent("./face.png").path, "--force"],
            status: 64, naming: "face.png")
    }

    func testForceDoesNotReplaceAPipeOrAFolder() throws {
        let image = try photo()
        XCTAssertEqual(mkfifo(cli.path("out.png"), 0o600), 0)
        try cli.assertRefused(
            ["pose", "--image", image, "-o", cli.path("out.png"), "--force"], status: 73, naming: "out.png")
        try FileManager.default.createDirectory(atPath: cli.path("out.json"), withIntermediateDirectories: false)
        try cli.assertRefused(
            ["motion", "--text", "Hello.", "-o", cli.path("out.json"), "--force"], status: 73, naming: "out.json")
    }

    func testFailuresWhoseFixIsAFlagNameTheFlag() throws {
        let existing = cli.path("taken.json")
        XCTAssertTrue(FileManager.default.createFile(atPath: existing, contents: Data("{}".utf8)))
        try cli.assertRefused(["motion", "--text", "Hello.", "-o", existing], status: 73, naming: "--force")
        let speech = try cli.write("words.wav", HostileFiles.wav(channels: 1, dataBytes: 32_000))
        try cli.assertRefused(
            ["motion", "--audio", speech, "--lipsync", "align", "-o", cli.path("m.json")],
            status: 64, naming: "--transcript")
    }

    func testOutputNameOverTheFolderLimitIsAUsageError() throws {
        let name = String(repeating: "y", count: 252) + ".json"
        try cli.assertRefused(["motion", "--text", "Hello.", "-o", cli.path(name)], status: 64, naming: name)
    }

    func testOutputNameAtTheFolderLimitIsWritten() throws {
        // 255 bytes: the temporary name beside it must not be longer than the folder allows.
        let name = String(repeating: "x", count: 250) + ".json"
        let result = try cli.run(["motion", "--text", "Hello.", "-o", cli.path(name)])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path), [name])
    }

    func testTwoRunsToOneOutputOneWinsTheOtherExits73() throws {
        let output = cli.path("same.json")
        let text = "Two runs race to write the same motion file, and only one of them may."
        let runs = try (0..<2).map { _ in try cli.start(["motion", "--text", text, "-o", output]) }
        let results = runs.map { $0.finish() }
        XCTAssertEqual(results.map(\.status).sorted(), [0, 73], results.map(\.stderr).joined())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path), ["same.json"])
        cli.assertNothingLeftBehind("race")
    }

    // MARK: Leftovers

    func testSpeechSynthesisLeavesNothingInTmpOrHome() throws {
        // Without XDG_RUNTIME_DIR, libpulse (loaded by espeak-ng) used to make pulse-XXXX/ and ~/.config/pulse/.
        let result = try cli.run(["motion", "--text", "Hello there.", "-o", cli.path("m.json")])
        XCTAssertEqual(result.status, 0, result.stderr)
        cli.assertNothingLeftBehind("motion --text")
    }
}
