import Body
import Foundation
import GPU
import Media
import Motion
import Perception
import Pipeline
import TestSupport
import XCTest

/// `render` end to end on lavapipe: astronaut.png + an eSpeak sentence -> MP4, checked by decoding it and
/// running our own face mesh on its frames.
final class RenderEndToEndTests: GPUTestCase {
    static let portrait = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/astronaut.png").standardized.path
    private var folder = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "render-e2e-\(getpid())-\(UUID().uuidString.prefix(6))"
            ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
        try super.tearDownWithError()
    }

    func testTextToVideoHasTheFramesAudioMouthMotionAndAStillBackground() throws {
        let output = folder + "/talk.mp4"
        var request = TalkingVideoRenderer.Request(
            photo: Self.portrait, speech: .text("Bob may buy a map of Paris, papa.", voice: "en-us", rate: 175),
            output: output)
        request.crf = 14 // the test measures rendering, not compression
        let summary = try TalkingVideoRenderer(device: device).run(request)
        let reader = try VideoReader(path: output)
        XCTAssertTrue(reader.hasAudio)
        XCTAssertEqual(reader.frameRate, 25, accuracy: 0.01)
        XCTAssertEqual(reader.duration, summary.durationSeconds, accuracy: 0.08, "video as long as the speech")

        // Decode every frame; measure the inner-lip gap with our face mesh, and the background against the photo.
        let photo = try ImageDecoder.decode(path: Self.portrait)
        let perception = try PhotoPerception(device: device)
        let mask = try perception.analyze(
            PhotoBuffer(pixels: photo.pixels, width: photo.width, height: photo.height, device: device)
        ).personMask
        var decoded: [RGBImage] = []
        try reader.forEachFrame { frame in
            decoded.append(frame.image)
            return true
        }
        var gaps: [Float] = []
        var worstBackground: Float = 1
        for image in decoded {
            let buffer = try PhotoBuffer(pixels: image.pixels, width: image.width, height: image.height, device: device)
            if let face = try perception.findFaces(buffer).first {
                let (upper, lower) = (face.landmarks[13], face.landmarks[14])
                gaps.append(
                    ((upper.x - lower.x) * (upper.x - lower.x) + (upper.y - lower.y) * (upper.y - lower.y)).squareRoot()
                )
            } else {
                gaps.append(.nan)
            }
            worstBackground = min(worstBackground, backgroundSSIM(image, photo, mask: mask))
        }
        let frames = decoded.count
        XCTAssertEqual(frames, summary.frames)
        XCTAssertEqual(Double(frames), (summary.durationSeconds * 25).rounded(.up), accuracy: 1)

        // The measured mouth follows the viseme track's opening.
        let track = try SpeechMotion.synthesized(
            SpeechSynthesizer.speak("Bob may buy a map of Paris, papa."), options: MotionOptions()
        ).track
        let opening = track.frames.map { $0.jawOpen * (1 - $0.lipPress) }
        let r = correlation(gaps, opening)
        XCTAssertGreaterThan(r, 0.6, "mouth opening vs viseme track: r = \(r)")
        XCTAssertGreaterThan(worstBackground, 0.98, "background SSIM \(worstBackground)")
    }

    /// SSIM of the luminance over the pixels far from the person (mask < 0.01), in 8x8 windows.
    private func backgroundSSIM(_ a: RGBImage, _ b: RGBImage, mask: [Float]) -> Float {
        func luma(_ image: RGBImage, _ x: Int, _ y: Int) -> Float {
            let i = 3 * (y * image.width + x)
            return 0.299 * Float(image.pixels[i]) + 0.587 * Float(image.pixels[i + 1]) + 0.114
                * Float(image.pixels[i + 2])
        }
        let (c1, c2): (Float, Float) = (6.5025, 58.5225)
        var total: Float = 0
        var windows = 0
        for wy in stride(from: 0, to: a.height - 7, by: 8) {
            for wx in stride(from: 0, to: a.width - 7, by: 8) {
                var background = true
                for y in wy..<(wy + 8) {
                    for x in wx..<(wx + 8) where mask[y * a.width + x] >= 0.01 { background = false }
                }
                guard background else { continue }
                var (ma, mb, va, vb, cov): (Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0)
                for y in wy..<(wy + 8) {
                    for x in wx..<(wx + 8) {
                        ma += luma(a, x, y)
                        mb += luma(b, x, y)
                    }
                }
                ma /= 64
                mb /= 64
                for y in wy..<(wy + 8) {
                    for x in wx..<(wx + 8) {
                        let (da, db) = (luma(a, x, y) - ma, luma(b, x, y) - mb)
                        va += da * da
                        vb += db * db
                        cov += da * db
                    }
                }
                va /= 63
                vb /= 63
                cov /= 63
                total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
                windows += 1
            }
        }
        return windows > 0 ? total / Float(windows) : 0
    }

    private func correlation(_ a: [Float], _ b: [Float]) -> Float {
        let pairs = zip(a, b).filter { !$0.0.isNaN }
        let n = Float(pairs.count)
        let (ma, mb) = (pairs.map(\.0).reduce(0, +) / n, pairs.map(\.1).reduce(0, +) / n)
        var (sab, saa, sbb): (Float, Float, Float) = (0, 0, 0)
        for (x, y) in pairs {
            sab += (x - ma) * (y - mb)
            saa += (x - ma) * (x - ma)
            sbb += (y - mb) * (y - mb)
        }
        return sab / max((saa * sbb).squareRoot(), 1e-9)
    }
}

/// `render` requests: bad inputs fail with their documented exit codes and leave nothing behind; framing.
final class RenderRequestTests: GPUTestCase {
    private var folder = ""
    var folderPath: String { folder }

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "render-bad-\(getpid())-\(UUID().uuidString.prefix(6))"
            ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
        try super.tearDownWithError()
    }

    private func failure(_ request: TalkingVideoRenderer.Request) -> PipelineError? {
        do {
            _ = try TalkingVideoRenderer(device: device).run(request)
            return nil
        } catch {
            return error
        }
    }

    func testNoFaceMissingAudioAndUnwritableOutputFailCleanly() throws {
        let output = folder + "/out.mp4"
        let blank = folder + "/blank.png"
        try PNGWriter.write(
            RGBImage(width: 320, height: 240, pixels: [UInt8](repeating: 140, count: 320 * 240 * 3)), to: blank)
        let noFace = failure(.init(photo: blank, speech: .text("Hello.", voice: "en-us", rate: 175), output: output))
        guard case .noFace(blank)? = noFace else { return XCTFail("\(String(describing: noFace))") }
        let noAudio = failure(
            .init(
                photo: RenderEndToEndTests.portrait,
                speech: .audio(path: folder + "/none.wav", transcript: nil, lipSync: .auto), output: output))
        guard case .media(.missingInput(folder + "/none.wav"))? = noAudio else {
            return XCTFail("\(String(describing: noAudio))")
        }
        let unwritable = failure(
            .init(
                photo: RenderEndToEndTests.portrait, speech: .text("Hello.", voice: "en-us", rate: 175),
                output: folder + "/missing-folder/out.mp4"))
        guard case .media(.cannotCreateOutput)? = unwritable else {
            return XCTFail("\(String(describing: unwritable))")
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["blank.png"], "nothing left behind")
    }
}

extension RenderRequestTests {
    func testCropFramesTheHeadAndShouldersInTheAskedShape() throws {
        let output = folderPath + "/crop.mp4"
        var request = TalkingVideoRenderer.Request(
            photo: RenderEndToEndTests.portrait, speech: .text("Hi.", voice: "en-us", rate: 175), output: output)
        request.crop = .aspect(width: 16, height: 9)
        let summary = try TalkingVideoRenderer(device: device).run(request)
        XCTAssertEqual(Double(summary.width) / Double(summary.height), 16.0 / 9.0, accuracy: 0.02)
        XCTAssertLessThanOrEqual(summary.width, 512)
        let reader = try VideoReader(path: output)
        XCTAssertEqual(reader.width, summary.width)
        XCTAssertEqual(reader.height, summary.height)
    }
}

extension RenderRequestTests {
    func testAnEditedMotionFileDrivesTheVideoAndAMismatchedOneIsRejected() throws {
        let speech = try SpeechSynthesizer.speak("Hi there.")
        var track = try SpeechMotion.synthesized(speech, options: MotionOptions()).track
        for i in track.frames.indices {
            track.frames[i].blinkLeft = 1
            track.frames[i].blinkRight = 1
        }
        let motion = folderPath + "/edited.json"
        try MotionTrackFile.write(track, to: motion, overwrite: false)
        var request = TalkingVideoRenderer.Request(
            photo: RenderEndToEndTests.portrait, speech: .text("Hi there.", voice: "en-us", rate: 175),
            output: folderPath + "/edited.mp4")
        request.motionFile = motion
        XCTAssertEqual(try TalkingVideoRenderer(device: device).run(request).frames, track.frames.count)

        var other = TalkingVideoRenderer.Request(
            photo: RenderEndToEndTests.portrait,
            speech: .text("Hi there, this sentence is a good deal longer than the motion.", voice: "en-us", rate: 175),
            output: folderPath + "/mismatch.mp4")
        other.motionFile = motion
        XCTAssertThrowsError(try TalkingVideoRenderer(device: device).run(other)) { error in
            guard case .motionFile(.invalid)? = error as? PipelineError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("was made for"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folderPath + "/mismatch.mp4"))
    }
}
