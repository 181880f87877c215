import Body
import Foundation
import GPU
import Media
import Motion
import NN
import Perception
import Render

/// `vlogger-gpu render`: one photo and speech in, an MP4 of the person speaking out. Frames stream from
/// posing through the GPU to the encoder one at a time, so memory does not grow with the clip's length;
/// encoding runs on its own thread while the next frame renders.
public final class TalkingVideoRenderer {
    public struct Request: Sendable {
        public var photo: String
        public var speech: SpeechInput
        /// An edited motion file to use instead of generating motion (the speech still gives the sound).
        public var motionFile: String?
        public var motion = MotionOptions()
        public var output: String
        /// Output long side in pixels; the photo's working size when nil.
        public var size: Int?
        public var crf = 23
        public var encoder = "libx264"
        public var overwrite = false
        /// Which face (0 = largest) when the photo has several.
        public var face = 0
        /// How the output frames the person.
        public var crop = Crop.none
        /// Time the rasterizer and the warp on the GPU with Vulkan timestamps (serializes dispatches a little).
        public var profileGPU = false

        public init(photo: String, speech: SpeechInput, output: String) {
            self.photo = photo
            self.speech = speech
            self.output = output
        }
    }

    /// How the output frames the person: the whole photo, the head and shoulders in a square, or the head and
    /// shoulders in a rectangle of the given shape (a 16x9 crop of a portrait photo).
    public enum Crop: Sendable, Hashable {
        case none
        case auto
        case aspect(width: Int, height: Int)
    }

    public struct Summary: Sendable, Encodable {
        public let output: String
        public let frames: Int
        public let fps: Double
        public let durationSeconds: Double
        public let width: Int
        public let height: Int
        public let facesFound: Int
        public let device: String
        public let wallSeconds: Double
        public let stages: StageTimes
        /// Where the mouth's phonemes came from (`MotionTrack.phonemeSource`), and per stretch for a recording.
        public let phonemeSource: String
        public let phonemeSources: [PhonemeSourceSpan]?
        /// What stderr was told about the lip sync.
        public let warnings: [String]
        public var renderFramesPerSecond: Double { Double(frames) / max(stages.pose + stages.render, 1e-9) }
    }

    public let device: GPUDevice
    /// Loaded at the first run, after the photo decoded: a bad photo is reported before the models load (~2 s).
    private var analyzer: PhotoAnalyzer?

    public init(device: GPUDevice) throws(PipelineError) {
        self.device = device
    }

    private func photoAnalyzer() throws(PipelineError) -> PhotoAnalyzer {
        if let analyzer { return analyzer }
        let loaded: PhotoAnalyzer
        do { loaded = try PhotoAnalyzer(device: device) } catch { throw .model(error) }
        analyzer = loaded
        return loaded
    }

    public func run(_ request: Request, progress: (RenderProgress) -> Void = { _ in }) throws(PipelineError) -> Summary
    {
        let started = DispatchTime.now().uptimeNanoseconds
        var times = StageTimes()
        var inputs = [request.photo] + (request.motionFile.map { [$0] } ?? [])
        inputs += [request.speech.audioPath].compactMap { $0 }
        do { try OutputPath.check(request.output, inputs: inputs, overwrite: request.overwrite) } catch {
            throw .media(error)
        }
        // A broken motion file is found before the photo is analyzed and the speech synthesized or recognized.
        var trackFromFile: MotionTrack?
        if let file = request.motionFile {
            do { trackFromFile = try MotionTrackFile.read(file) } catch { throw .motionFile(error) }
        }
        progress(RenderProgress(stage: .perception, framesDone: 0, frameCount: 0, framesPerSecond: 0))
        let photo = try StageTimes.measure(&times.decode) { () throws(PipelineError) in
            do throws(MediaError) { return try ImageDecoder.decode(path: request.photo) } catch { throw .media(error) }
        }
        try PoseRenderer.requireFits(photo: photo, longSide: request.size, device: device)
        let analysis = try StageTimes.measure(&times.perception) { () throws(PipelineError) in
            try photoAnalyzer().analyze(photo)
        }
        guard !analysis.faces.isEmpty else { throw .noFace(path: request.photo) }
        guard request.face < analysis.faces.count else {
            throw .noSuchFace(path: request.photo, requested: request.face, available: analysis.faces.count)
        }
        var chosen = analysis
        chosen.faces =
            [analysis.faces[request.face]]
            + analysis.faces.enumerated().filter { $0.offset != request.face }.map(\.element)

        progress(RenderProgress(stage: .motion, framesDone: 0, frameCount: 0, framesPerSecond: 0))
        // Only the spooled sound and the track outlive this: the analysis signal (64 KB per second of speech)
        // is freed before rendering starts, so a long clip renders in the memory of a short one.
        var (sound, track, warnings) = try StageTimes.measure(&times.motion) { () throws(PipelineError) in
            let speech: SpeechMotion
            let listener = try NeuralLipSync.listener(for: request.speech, device: device)
            do throws(SpeechError) {
                speech = try SpeechMotion.make(request.speech, options: request.motion, listener: listener)
            } catch {
                throw PipelineError(error)
            }
            return (speech.audio.original, speech.track, speech.warnings)
        }
        for warning in warnings {
            progress(RenderProgress(stage: .motion, framesDone: 0, frameCount: 0, framesPerSecond: 0, notice: warning))
        }
        if let file = request.motionFile, let trackFromFile {
            track = trackFromFile
            let audioSeconds = sound.duration
            guard abs(track.duration - audioSeconds) < 0.5 else {
                throw .motionFile(
                    .invalid(
                        path: file,
                        reason:
                            "it was made for \(String(format: "%.2f", track.duration)) s of speech but the speech lasts \(String(format: "%.2f", audioSeconds)) s; make the motion from the same audio"
                    ))
            }
        }
        guard track.fps == track.fps.rounded(), track.fps >= 1 else {
            throw .media(
                .invalidRequest("the video frame rate must be a whole number of frames per second, got \(track.fps)"))
        }

        let subject: PosableSubject
        do throws(SubjectFitError) {
            subject = try PosableSubject(device: device, photo: photo, analysis: chosen, path: request.photo)
        } catch {
            throw PipelineError(error)
        }
        let renderer = try PoseRenderer(subject: subject, longSide: request.size)
        let frameWidth = renderer.renderer.outputWidth
        let region: CropRect
        switch request.crop {
        case .none: region = CropRect(x: 0, y: 0, width: frameWidth, height: renderer.renderer.outputHeight)
        case .auto: region = renderer.upperBodyCrop()
        case .aspect(let w, let h): region = renderer.upperBodyCrop(aspect: Float(w) / Float(max(h, 1)))
        }
        let (width, height) = (region.width, region.height)
        let writer: MP4Writer
        do {
            writer = try MP4Writer(
                path: request.output, width: width, height: height, audio: sound,
                options: .init(
                    frameRate: Int(track.fps), crf: request.crf, encoder: request.encoder,
                    overwrite: request.overwrite))
        } catch {
            throw .media(error)
        }
        renderer.renderer.profiling = request.profileGPU
        var gpuRasterize = 0.0
        var gpuWarp = 0.0
        let frameCount = track.frames.count
        times.encode = try VideoOutput.write(to: writer, expectedFrames: frameCount, progress: progress) {
            output throws(PipelineError) in
            for controls in track.frames {
                let layers = StageTimes.measure(&times.pose) { subject.layers(controls) }
                let frame = try StageTimes.measure(&times.render) { () throws(PipelineError) in
                    do throws(GPUError) {
                        return try renderer.renderer.render(
                            body: layers.body, face: layers.face, frame: subject.frameState(controls))
                    } catch {
                        throw .gpu(error)
                    }
                }
                for timing in frame.timings {
                    if timing.label.hasPrefix("rasterize") { gpuRasterize += timing.nanoseconds / 1e9 }
                    if timing.label == "warp_composite" { gpuWarp += timing.nanoseconds / 1e9 }
                }
                try output.write(
                    request.crop == .none ? frame.pixels : region.cut(frame.pixels, frameWidth: frameWidth))
            }
        }
        if request.profileGPU { (times.gpuRasterize, times.gpuWarp) = (gpuRasterize, gpuWarp) }
        return Summary(
            output: request.output, frames: frameCount, fps: track.fps, durationSeconds: sound.duration,
            width: width, height: height, facesFound: analysis.faces.count, device: device.info.name,
            wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, stages: times,
            phonemeSource: track.phonemeSource, phonemeSources: track.phonemeSources, warnings: warnings)
    }
}
