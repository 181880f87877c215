import Body
import Foundation
import Media
import Motion
import Pipeline
import StageBenchmarks
import TestSupport
import XCTest

/// Lip sync as a viewer sees it, on real speech: `render` and `translate` write MP4s, `MouthSyncMeter` decodes
/// them, tracks the mouth with our face mesh and correlates it with the file's own sound.
///
/// Two bars per video. Against the sound (the issue's bar): r >= 0.5 inside speech at lag 0 or +1. Against the
/// motion track that drove the mouth: best at lag 0 exactly, so whatever the strength of the motion, the
/// frames, the sound and the track line up (no frame shifted by the writer, the reader or the dub's indexing).
///
/// Measured (release build, lavapipe) on the cards clips rendered from astronaut.png with their transcripts,
/// r against the sound at the best lag: 001 0.64 (0), 002 0.78 (0), 003 0.57 (0), 004 0.87 (+1), 005 0.29 (0);
/// translated onto the render of 002 with 001 as the dub, 0.80 (0). 005 and the librivox clips (0.17-0.19) miss
/// the bar because the motion track's jaw follows their loudness weakly and the mesh barely sees jaw openings
/// under 0.3 on this smiling photo, not because of a lag. Clip 002 is the test's render (50 frames), 001 its dub
/// (28 frames).
final class MouthSyncTests: GPUTestCase {
    static let portrait = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/astronaut.png").standardized.path
    static let cards = "/usr/share/pocketsphinx/test/data/cards"
    static let speech = (path: cards + "/002.wav", words: "four queen of clubs")
    static let dub = (path: cards + "/001.wav", words: "ten of clubs")
    private var folder = ""
    /// The render both tests use, made once per run (it is most of the time either test takes).
    nonisolated(unsafe) private static var rendered: String?
    private static let sharedFolder = FileManager.default.temporaryDirectory
        .appendingPathComponent("mouth-sync-shared-\(getpid())-\(UUID().uuidString.prefix(6))").path

    override func setUpWithError() throws {
        try super.setUpWithError()
        for clip in [Self.speech.path, Self.dub.path] where !FileManager.default.fileExists(atPath: clip) {
            XCTFail("\(clip) is missing: install pocketsphinx-testdata (make deps)")
        }
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "mouth-sync-\(getpid())-\(UUID().uuidString.prefix(6))"
            ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
        try super.tearDownWithError()
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: sharedFolder)
        rendered = nil
        super.tearDown()
    }

    /// astronaut.png speaking clip 002.
    private func renderedSpeech() throws -> String {
        if let rendered = Self.rendered { return rendered }
        try FileManager.default.createDirectory(atPath: Self.sharedFolder, withIntermediateDirectories: true)
        let output = Self.sharedFolder + "/render.mp4"
        var request = TalkingVideoRenderer.Request(
            photo: Self.portrait,
            speech: .audio(path: Self.speech.path, transcript: Self.speech.words, lipSync: .align),
            output: output)
        request.crf = 18
        request.overwrite = true
        _ = try TalkingVideoRenderer(device: device).run(request)
        Self.rendered = output
        return output
    }

    /// The mouth opening the motion track asks for, per frame: jaw open unless the lips press shut.
    private func trackOpening(_ clip: (path: String, words: String)) throws -> [Float] {
        let motion = try SpeechMotion.make(
            .audio(path: clip.path, transcript: clip.words, lipSync: .align), options: MotionOptions())
        return motion.track.frames.map { $0.jawOpen * (1 - $0.lipPress) }
    }

    /// The measured mouth against the track's opening, over every frame where the track opens the mouth at all.
    private func followsTrack(_ measured: MouthSyncMeasurement, _ opening: [Float]) -> MouthSyncMeasurement {
        MouthSyncMeasurement.analyze(
            video: measured.video, frameRate: measured.frameRate, aperture: measured.aperture,
            envelope: opening, options: .init(speechFraction: 1e-3))
    }

    private func describe(_ result: MouthSyncMeasurement) -> String {
        result.correlations.map { "\($0.lag): \($0.r.map { String(format: "%.3f", $0) } ?? "-")" }.joined(
            separator: ", ")
    }

    /// The mouth shows `track` at its own frames (lag 0, r >= `trackBar`) and follows the file's sound at lag 0 or +1
    /// with r >= 0.5.
    private func assertFollows(
        _ measured: MouthSyncMeasurement, track opening: [Float], trackBar: Double, _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(measured.framesWithFace, measured.frames, file: file, line: line)
        let track = followsTrack(measured, opening)
        XCTAssertEqual(
            track.best?.lag, 0,
            "\(label): the frames are shifted against the motion track (r by lag \(describe(track)))",
            file: file, line: line)
        XCTAssertGreaterThanOrEqual(
            track.best?.r ?? 0, trackBar, "\(label): the mouth does not show the track (r by lag \(describe(track)))",
            file: file, line: line)
        let best = try XCTUnwrap(measured.best, "\(label): no correlation at any lag", file: file, line: line)
        XCTAssertTrue(
            [0, 1].contains(best.lag),
            "\(label): mouth vs sound peaks at lag \(best.lag) (r by lag \(describe(measured)))",
            file: file, line: line)
        XCTAssertGreaterThanOrEqual(
            best.r ?? 0, 0.5, "\(label): mouth vs sound r by lag \(describe(measured))", file: file, line: line)
    }

    func testARenderedMouthFollowsItsSpeech() throws {
        let measured = try MouthSyncMeter(device: device).measure(video: try renderedSpeech())
        try assertFollows(measured, track: try trackOpening(Self.speech), trackBar: 0.6, "render")
    }

    func testATranslatedMouthFollowsTheDub() throws {
        let original = try renderedSpeech()
        let dubbed = folder + "/dubbed.mp4"
        var request = VideoTranslator.Request(
            video: original, dub: .audio(path: Self.dub.path, transcript: Self.dub.words, lipSync: .align),
            output: dubbed)
        request.crf = 18
        _ = try VideoTranslator(device: device).run(request)
        // The filmed mouth moves with other words; the dub's must still come through at its own frames.
        let measured = try MouthSyncMeter(device: device).measure(video: dubbed)
        try assertFollows(measured, track: try trackOpening(Self.dub), trackBar: 0.8, "translate")
    }
}
