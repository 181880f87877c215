import Body
import Foundation
import GPU
import Media
import Motion
import NN
import Perception
import Render

/// `vlogger-gpu edit`: changes the face in an existing video over a time range — eyes closed, mouth closed,
/// a smile — and leaves everything else as it was. Each frame in the range is tracked with the face mesh,
/// the face model is fitted to that frame, posed with the change, and warped from the same frame (which is
/// also its own background); pixels the face layer does not cover are the frame's own, and frames outside
/// the range pass through untouched. Every frame keeps its time (a variable-frame-rate video stays one) and
/// the audio stream is copied packet for packet.
public final class VideoEditor {
    public struct Request: Sendable {
        public var input: String
        public var output: String
        public var change: ControlOverride.Change
        /// Seconds; the whole video when nil. Eased in and out over 150 ms.
        public var range: ClosedRange<Double>?
        public var crf = 18
        public var encoder = "libx264"
        public var overwrite = false

        public init(input: String, output: String, change: ControlOverride.Change, range: ClosedRange<Double>? = nil) {
            self.input = input
            self.output = output
            self.change = change
            self.range = range
        }
    }

    public struct Summary: Sendable, Encodable {
        public let output: String
        public let frames: Int
        public let editedFrames: Int
        /// Frames in the range where no face was found (left as they were).
        public let framesWithoutFace: Int
        /// How the sound got into the output: "copied (aac)", "encoded (AAC)" when MP4 cannot hold the
        /// input's codec, or "none".
        public let audio: String
        public let wallSeconds: Double
    }

    public let device: GPUDevice
    private let perception: PhotoPerception

    public init(device: GPUDevice) throws(PipelineError) {
        self.device = device
        do { perception = try PhotoPerception(device: device) } catch { throw .model(error) }
    }

    public func run(_ request: Request, progress: (RenderProgress) -> Void = { _ in }) throws(PipelineError) -> Summary
    {
        let started = DispatchTime.now().uptimeNanoseconds
        do { try OutputPath.check(request.output, inputs: [request.input], overwrite: request.overwrite) } catch {
            throw .media(error)
        }
        let reader: VideoReader
        do { reader = try VideoReader(path: request.input) } catch { throw .media(error) }
        let fps = max(1, Int(reader.frameRate.rounded()))
        let writer: MP4Writer
        do {
            writer = try MP4Writer(
                path: request.output, width: reader.width, height: reader.height,
                sound: reader.hasAudio ? .copy(fromFile: request.input) : nil,
                options: .init(
                    frameRate: fps, crf: request.crf, encoder: request.encoder,
                    overwrite: request.overwrite, timing: .frameTimes))
        } catch {
            throw .media(error)
        }
        let faces = FrameFaceEditor(device: device, perception: perception)
        let override = ControlOverride(request.change, range: request.range)
        var frames = 0
        var edited = 0
        var faceless = 0
        _ = try VideoOutput.write(to: writer, expectedFrames: max(reader.announcedFrameCount, 1), progress: progress) {
            output throws(PipelineError) in
            try reader.eachFrame { frame throws(PipelineError) -> Bool in
                frames += 1
                var pixels = frame.image.pixels
                var controls = Controls.neutral
                override.apply(to: &controls, at: frame.time)
                if controls != .neutral {
                    if let result = try faces.render(frame.image, at: frame.time, controls: { _ in controls }) {
                        pixels = result
                        edited += 1
                    } else {
                        faceless += 1
                    }
                }
                try output.write(pixels, at: frame.frameTime)
                return true
            }
        }
        let audio = !reader.hasAudio ? "none" : writer.copiedAudioCodec.map { "copied (\($0))" } ?? "encoded (AAC)"
        return Summary(
            output: request.output, frames: frames, editedFrames: edited, framesWithoutFace: faceless,
            audio: audio, wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }
}
