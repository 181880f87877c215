import Body
import Foundation
import GPU
import Landmarks
import Media
import Motion
import NN
import Perception

/// `vlogger-gpu translate`: dubbing. The mouth and jaw of the person in a video follow new speech; head,
/// eyes and everything else stay as the original frames have them, and the new speech is the sound track.
/// A dub longer than the video holds its last frame; a shorter one ends the video early. Frames keep their
/// times (a variable-frame-rate video stays one); the dub's motion is sampled at each frame's time.
public final class VideoTranslator {
    public struct Request: Sendable {
        public var video: String
        public var dub: SpeechInput
        public var output: String
        public var motion = MotionOptions()
        public var crf = 18
        public var encoder = "libx264"
        public var overwrite = false

        public init(video: String, dub: SpeechInput, output: String) {
            self.video = video
            self.dub = dub
            self.output = output
        }
    }

    public struct Summary: Sendable, Encodable {
        public let output: String
        public let frames: Int
        /// Frames past the end of the video that repeat its last frame (the dub is longer).
        public let heldFrames: Int
        /// Frames of the video left out after the dub ends (the dub is shorter).
        public let cutFrames: Int
        public let framesWithoutFace: Int
        public let wallSeconds: Double
        /// Where the dub's phonemes came from (`MotionTrack.phonemeSource`), and per stretch for a recording.
        public let phonemeSource: String
        public let phonemeSources: [PhonemeSourceSpan]?
        /// What stderr was told about the lip sync.
        public let warnings: [String]
    }

    /// Lips apart per unit of jawOpen, in face heights (forehead 10 to chin 152): the face model's jaw parts
    /// the lips about 3 cm at 1 on a 17.7 cm canonical face.
    static let lipGapPerJaw: Float = 3.0 / 17.7

    public let device: GPUDevice
    private let perception: PhotoPerception

    public init(device: GPUDevice) throws(PipelineError) {
        self.device = device
        do { perception = try PhotoPerception(device: device) } catch { throw .model(error) }
    }

    public func run(_ request: Request, progress: (RenderProgress) -> Void = { _ in }) throws(PipelineError) -> Summary
    {
        let started = DispatchTime.now().uptimeNanoseconds
        var inputs = [request.video]
        inputs += [request.dub.audioPath].compactMap { $0 }
        do { try OutputPath.check(request.output, inputs: inputs, overwrite: request.overwrite) } catch {
            throw .media(error)
        }
        let reader: VideoReader
        do { reader = try VideoReader(path: request.video) } catch { throw .media(error) }
        let fps = max(1, Int(reader.frameRate.rounded()))
        var options = request.motion
        options.fps = Double(fps)
        progress(RenderProgress(stage: .motion, framesDone: 0, frameCount: 0, framesPerSecond: 0))
        // The analysis signal is freed here; the spooled sound and the track are all the frames need.
        let (sound, track, warnings) = try { () throws(PipelineError) in
            let speech: SpeechMotion
            let listener = try NeuralLipSync.listener(for: request.dub, device: device)
            do throws(SpeechError) {
                speech = try SpeechMotion.make(request.dub, options: options, listener: listener)
            } catch {
                throw PipelineError(error)
            }
            return (speech.audio.original, speech.track, speech.warnings)
        }()
        for warning in warnings {
            progress(RenderProgress(stage: .motion, framesDone: 0, frameCount: 0, framesPerSecond: 0, notice: warning))
        }
        let writer: MP4Writer
        do {
            writer = try MP4Writer(
                path: request.output, width: reader.width, height: reader.height, audio: sound,
                options: .init(
                    frameRate: fps, crf: request.crf, encoder: request.encoder,
                    overwrite: request.overwrite, timing: .frameTimes))
        } catch {
            throw .media(error)
        }
        progress(RenderProgress(stage: .perception, framesDone: 0, frameCount: 0, framesPerSecond: 0))
        let mouth: (openings: [Float?], rest: Float)
        do {
            mouth = try mouthOpenings(try VideoReader(path: request.video))
        } catch {
            writer.cancel()
            throw PipelineError(error)
        }
        let faces = FrameFaceEditor(device: device, perception: perception)
        // The output lasts as long as the dub; the last track frame covers its final fraction of a frame.
        let end = Double(track.frames.count) / track.fps
        let expected = track.frames.count
        var written = 0
        var faceless = 0
        var videoFrames = 0
        var held = 0
        var last: (frame: VideoFrame, index: Int)?

        _ = try VideoOutput.write(to: writer, expectedFrames: expected, progress: progress) {
            output throws(PipelineError) in
            /// Renders `image` (video frame `index`, for its lip gap) with the dub's mouth at `time`.
            func emit(_ image: RGBImage, index: Int, time: MP4Writer.FrameTime) throws(PipelineError) {
                let dubbed = track.frames[min(max(Int((time.start * track.fps).rounded()), 0), expected - 1)]
                let opening = mouth.openings[min(index, mouth.openings.count - 1)] ?? mouth.rest
                let pixels = try faces.render(image, at: time.start) { _ in
                    Self.controls(dubbed, opening: opening, rest: mouth.rest)
                }
                if pixels == nil { faceless += 1 }
                try output.write(pixels ?? image.pixels, at: time)
                written += 1
            }

            try reader.eachFrame { frame throws(PipelineError) -> Bool in
                videoFrames += 1
                guard frame.time < end - 1e-6 else { return true } // keep counting the frames the dub cuts
                last = (frame, videoFrames - 1)
                try emit(
                    frame.image, index: videoFrames - 1,
                    time: MP4Writer.FrameTime(start: frame.time, duration: min(frame.duration, end - frame.time)))
                return true
            }
            guard let last else {
                throw PipelineError.media(.corrupt(path: request.video, reason: "it has no video frames"))
            }
            // The dub runs longer: hold the last frame, still lip-synced, at the nominal rate.
            var time = last.frame.time + last.frame.duration
            while time < end - 1e-6 {
                let step = min(1 / Double(fps), end - time)
                try emit(last.frame.image, index: last.index, time: MP4Writer.FrameTime(start: time, duration: step))
                held += 1
                time += step
            }
        }
        return Summary(
            output: request.output, frames: written, heldFrames: held,
            cutFrames: videoFrames - (written - held), framesWithoutFace: faceless,
            wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
            phonemeSource: track.phonemeSource, phonemeSources: track.phonemeSources, warnings: warnings)
    }

    /// The inner-lip gap of every frame in face heights (nil without a face), and the speaker's rest gap (the
    /// 10th percentile: lips together, or a smile's gap with the teeth together), from a first pass over the
    /// video with the face mesh. The gaps are the frames' own, unsmoothed: the dub's jaw is set against the
    /// filmed mouth of the same frame, and a smoothed gap (a frame late and damped) subtracted the mouth of the
    /// frame before, leaving the filmed speech's rhythm in the dub's mouth.
    private func mouthOpenings(_ reader: VideoReader) throws -> (openings: [Float?], rest: Float) {
        let tracker = FaceTracker(perception: perception, smoothing: .unsmoothed)
        var openings: [Float?] = []
        try reader.eachFrame { frame throws(PipelineError) -> Bool in
            do {
                let image = frame.image
                let buffer = try PhotoBuffer(
                    pixels: image.pixels, width: image.width, height: image.height, device: self.device)
                openings.append(try tracker.track(buffer, at: frame.time).map(Self.lipGap))
            } catch {
                throw PipelineError(error)
            }
            return true
        }
        let known = openings.compactMap { $0 }.sorted()
        guard !known.isEmpty else { throw PipelineError.noFace(path: reader.path) }
        return (openings, known[known.count / 10])
    }

    /// Inner-lip gap (13 to 14) over the face height (10 to 152).
    static func lipGap(_ landmarks: [Point3D]) -> Float {
        FaceLandmarks.lipGap(landmarks, over: FaceLandmarks.faceHeight)
    }

    /// The dub's mouth on a frame whose own lips are `opening` apart (face heights) against the speaker's
    /// `rest`: the jaw opens only by what the dub asks beyond the frame's own jaw opening (a lowered jaw
    /// cannot be raised without uncovering the original chin), and the lips press together by the share of
    /// the frame's gap the dub wants closed.
    static func controls(_ dub: Controls, opening: Float, rest: Float) -> Controls {
        let originalJaw = max(0, opening - rest) / lipGapPerJaw
        var c = Controls.neutral
        c.jawOpen = max(0, dub.jawOpen - originalJaw)
        // Gaps in face heights: the frame's after the jaw change, and the one the dub wants.
        let current = rest + max(originalJaw, dub.jawOpen) * lipGapPerJaw
        let wanted = (rest + dub.jawOpen * lipGapPerJaw) * (1 - dub.lipPress)
        c.lipPress = current > 0 ? min(max(1 - wanted / current, 0), 1) : dub.lipPress
        c.lipsFunnel = dub.lipsFunnel
        c.lipsPucker = dub.lipsPucker
        c.upperLipRaise = dub.upperLipRaise
        c.lowerLipDown = dub.lowerLipDown
        return c
    }
}
