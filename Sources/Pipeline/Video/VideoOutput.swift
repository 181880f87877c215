import Foundation
import Media

/// The frame loop's end that render, edit and translate share: frames go to the encoder on its own thread
/// (`FrameEncoder`) while the next one is made, each written frame is reported as progress with the speed
/// so far, and the file is finished when the frames are done or dropped (no partial output) when anything
/// throws on the way.
final class VideoOutput {
    private let encoder: FrameEncoder
    private let expectedFrames: Int
    private let progress: (RenderProgress) -> Void
    private let started = DispatchTime.now().uptimeNanoseconds
    /// Frames handed to the encoder so far.
    private(set) var framesWritten = 0

    private init(writer: MP4Writer, expectedFrames: Int, progress: @escaping (RenderProgress) -> Void) {
        encoder = FrameEncoder(writer: writer)
        self.expectedFrames = expectedFrames
        self.progress = progress
    }

    /// Runs `frames`, which writes the video's frames in order, then finishes the file and returns the seconds spent
    /// encoding. If `frames` or the encoder throws, the partial file is dropped and the error rethrown.
    /// `expectedFrames` (0 when unknown) is the progress display's total.
    static func write(
        to writer: MP4Writer, expectedFrames: Int, progress: (RenderProgress) -> Void,
        _ frames: (VideoOutput) throws(PipelineError) -> Void
    ) throws(PipelineError) -> Double {
        try withoutActuallyEscaping(progress) { progress throws(PipelineError) -> Double in
            let output = VideoOutput(writer: writer, expectedFrames: expectedFrames, progress: progress)
            do throws(PipelineError) {
                try frames(output)
                progress(
                    RenderProgress(
                        stage: .finishing, framesDone: output.framesWritten, frameCount: output.framesWritten,
                        framesPerSecond: 0))
                do throws(MediaError) { return try output.encoder.finish() } catch { throw PipelineError.media(error) }
            } catch {
                output.encoder.cancel()
                throw error
            }
        }
    }

    /// Queues one frame (RGB, the writer's size); `time` places it when the writer keeps the source's frame times.
    func write(_ pixels: [UInt8], at time: MP4Writer.FrameTime? = nil) throws(PipelineError) {
        do { try encoder.submit(pixels, at: time) } catch { throw .media(error) }
        framesWritten += 1
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        progress(
            RenderProgress(
                stage: .rendering, framesDone: framesWritten, frameCount: max(expectedFrames, framesWritten),
                framesPerSecond: Double(framesWritten) / max(seconds, 1e-9)))
    }
}
