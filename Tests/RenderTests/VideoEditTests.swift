import Body
import Foundation
import GPU
import Landmarks
import Media
import Motion
import Perception
import Pipeline
import Render
import TestSupport
import XCTest

/// `edit` on a short video made from astronaut.png: the eyes close only inside the range, every frame
/// outside it is the input's, the audio is carried over, and bad inputs fail cleanly.
final class VideoEditTests: GPUTestCase {
    static let portrait = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/astronaut.png").standardized.path
    private var folder = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "edit-\(getpid())-\(UUID().uuidString.prefix(6))"
            ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
        try super.tearDownWithError()
    }

    /// 30 frames (1.2 s at 25 fps, or at `times`) of the astronaut turning her head a little, with a 440 Hz tone.
    private func makeInput(times: [MP4Writer.FrameTime]? = nil) throws -> String {
        let path = folder + "/input.mp4"
        let (image, analysis) = try PhotoAnalyzer(device: device).analyze(path: Self.portrait)
        let renderer = try PoseRenderer(
            subject: PosableSubject(device: device, photo: image, analysis: analysis, path: Self.portrait))
        let tone = (0..<(48_000 * 6 / 5)).map { Float(0.2 * sin(2 * Double.pi * 440 * Double($0) / 48_000)) }
        let writer = try MP4Writer(
            path: path, width: image.width, height: image.height,
            audio: AudioClip(samples: tone, sampleRate: 48_000, channels: 1),
            options: .init(frameRate: 25, crf: 16, timing: times == nil ? .constantRate : .frameTimes))
        for i in 0..<30 {
            var c = Controls.neutral
            c.headYaw = Float(3 * sin(Double(i) * 0.2))
            try writer.append(try renderer.render(c).pixels, layout: .rgb, at: times?[i])
        }
        try writer.finish()
        return path
    }

    private func frames(_ path: String) throws -> [VideoFrame] {
        var frames: [VideoFrame] = []
        try VideoReader(path: path).forEachFrame {
            frames.append($0)
            return true
        }
        return frames
    }

    /// Luminance deviation inside the right eye's lid contour (landmarks of the input frame).
    private func eyeDeviation(_ image: RGBImage, around landmarks: [Point3D]) -> Float {
        let lids = [33, 160, 158, 133, 153, 144].map { landmarks[$0] }
        let x0 = Int(lids.map(\.x).min()!) + 1
        let x1 = Int(lids.map(\.x).max()!) - 1
        let y0 = Int(lids.map(\.y).min()!) + 1
        let y1 = Int(lids.map(\.y).max()!) - 1
        var values: [Float] = []
        for y in y0...y1 {
            for x in x0...x1 {
                let i = 3 * (y * image.width + x)
                values.append(
                    (0.299 * Float(image.pixels[i]) + 0.587 * Float(image.pixels[i + 1]) + 0.114
                        * Float(image.pixels[i + 2])) / 255)
            }
        }
        let mean = values.reduce(0, +) / Float(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
    }

    private func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
        var sum = 0.0
        for (x, y) in zip(a.pixels, b.pixels) { sum += Double((Int(x) - Int(y)) * (Int(x) - Int(y))) }
        let mse = sum / Double(a.pixels.count)
        return mse == 0 ? 99 : 10 * log10(255 * 255 / mse)
    }

    func testCloseEyesChangesOnlyTheRangeAndKeepsTheAudio() throws {
        let input = try makeInput()
        let output = folder + "/closed.mp4"
        let summary = try VideoEditor(device: device).run(
            VideoEditor.Request(input: input, output: output, change: .eyesClosed, range: 0.4...0.8))
        XCTAssertEqual(summary.frames, 30)
        XCTAssertEqual(summary.framesWithoutFace, 0)
        XCTAssertEqual(summary.editedFrames, 17, "frames at 0.28 ... 0.92 s: the range and its 150 ms ramps")
        let (before, after) = (try frames(input), try frames(output))
        XCTAssertEqual(after.count, before.count)
        XCTAssertEqual(summary.audio, "copied (aac)")
        XCTAssertEqual(
            try VideoReader(path: output).audio(), try VideoReader(path: input).audio(),
            "the AAC packets are carried over, so they decode to the very same samples")
        let perception = try PhotoPerception(device: device)
        for index in [0, 3, 15, 27] {
            let frame = before[index].image
            let buffer = try PhotoBuffer(pixels: frame.pixels, width: frame.width, height: frame.height, device: device)
            let landmarks = try XCTUnwrap(perception.findFaces(buffer).first).landmarks
            let (open, edited) = (
                eyeDeviation(frame, around: landmarks), eyeDeviation(after[index].image, around: landmarks)
            )
            if (0.5...0.7).contains(before[index].time) {
                // The closed lid is skin over a thin lash line, which keeps some contrast in the box.
                XCTAssertLessThan(edited, 0.8 * open, "frame \(index): eyes closed in the range")
            } else {
                XCTAssertEqual(edited, open, accuracy: 0.25 * open, "frame \(index): eyes as they were")
                XCTAssertGreaterThan(
                    psnr(after[index].image, frame), 38, "frame \(index) outside the range is the input's")
            }
        }
    }

    func testOutsideTheFaceTheOutputIsBitIdenticalToAStraightLosslessReencode() throws {
        let input = try makeInput()
        // The reference: every input frame decoded and encoded again, losslessly, untouched.
        let straight = folder + "/straight.mp4"
        let before = try frames(input)
        let writer = try MP4Writer(
            path: straight, width: before[0].image.width, height: before[0].image.height,
            options: .init(frameRate: 25, crf: 0))
        for frame in before { try writer.append(frame.image.pixels, layout: .rgb) }
        try writer.finish()
        var request = VideoEditor.Request(
            input: input, output: folder + "/smile.mp4", change: .expression(.smile), range: 0.2...0.6)
        request.crf = 0
        let summary = try VideoEditor(device: device).run(request)
        XCTAssertGreaterThan(summary.editedFrames, 5)
        let (reference, edited) = (try frames(straight), try frames(request.output))
        XCTAssertEqual(edited.count, reference.count)
        let perception = try PhotoPerception(device: device)
        var changedInside = 0
        for index in reference.indices {
            let frame = before[index].image
            let buffer = try PhotoBuffer(pixels: frame.pixels, width: frame.width, height: frame.height, device: device)
            let landmarks = try XCTUnwrap(perception.findFaces(buffer).first).landmarks
            // The face region: the landmarks' box grown by a tenth of the face width (the posed face, the
            // tracker's own landmarks and 4:2:0 chroma reach a little beyond the detected points).
            let (xs, ys) = (landmarks.map(\.x), landmarks.map(\.y))
            let margin = 0.1 * (xs.max()! - xs.min()!)
            let box = (x: (xs.min()! - margin)...(xs.max()! + margin), y: (ys.min()! - margin)...(ys.max()! + margin))
            var differingOutside = 0
            for y in 0..<frame.height {
                for x in 0..<frame.width {
                    let i = 3 * (y * frame.width + x)
                    let same = reference[index].image.pixels[i..<(i + 3)] == edited[index].image.pixels[i..<(i + 3)]
                    if box.x.contains(Float(x)) && box.y.contains(Float(y)) {
                        if !same { changedInside += 1 }
                    } else if !same {
                        differingOutside += 1
                    }
                }
            }
            XCTAssertEqual(
                differingOutside, 0, "frame \(index): pixels outside the face region differ from the straight re-encode"
            )
        }
        XCTAssertGreaterThan(changedInside, 1_000, "the smile did change the face")
    }

    func testAVariableFrameRateVideoKeepsEveryFrameTime() throws {
        // 20 frames at 40 ms, a 200 ms stall, then 10 frames at 20 ms.
        var times = (0..<20).map { MP4Writer.FrameTime(start: Double($0) * 0.04, duration: 0.04) }
        times[19].duration = 0.24
        times += (0..<10).map { MP4Writer.FrameTime(start: 1.0 + Double($0) * 0.02, duration: 0.02) }
        let input = try makeInput(times: times)
        let output = folder + "/vfr-closed.mp4"
        let summary = try VideoEditor(device: device).run(
            VideoEditor.Request(input: input, output: output, change: .eyesClosed, range: 0.9...1.1))
        XCTAssertGreaterThan(summary.editedFrames, 5)
        let (before, after) = (try frames(input), try frames(output))
        XCTAssertEqual(after.count, before.count)
        for (index, (frame, time)) in zip(after, times).enumerated() {
            XCTAssertEqual(frame.time, time.start, accuracy: 1e-4, "frame \(index) is shown when it was")
            if index < times.count - 1 {
                XCTAssertEqual(frame.duration, time.duration, accuracy: 1e-4, "frame \(index)")
            }
        }
        XCTAssertEqual(try VideoReader(path: output).duration, 1.2, accuracy: 0.02)
    }

    func testAMissingOrNonVideoInputIsRefusedAndLeavesNoOutput() throws {
        let output = folder + "/out.mp4"
        XCTAssertThrowsError(
            try VideoEditor(device: device).run(.init(input: folder + "/none.mp4", output: output, change: .eyesClosed))
        ) { error in
            guard case .media(.missingInput)? = error as? PipelineError else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        let notVideo = folder + "/text.mp4"
        XCTAssertTrue(FileManager.default.createFile(atPath: notVideo, contents: Data("not a video".utf8)))
        XCTAssertThrowsError(
            try VideoEditor(device: device).run(.init(input: notVideo, output: output, change: .eyesClosed))
        ) { error in
            guard case .media(.corrupt)? = error as? PipelineError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("out") }, [])
    }
}
