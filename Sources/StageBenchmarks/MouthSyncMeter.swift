import Foundation
import GPU
import Landmarks
import Media
import NN
import Perception
import Pipeline

/// Measures lip sync on a finished video the way a viewer sees it: every frame decoded from the file is
/// tracked with our own face detector and 468-point mesh, the sound is decoded from the same file and
/// placed on the frames' clock by the streams' start times, and `MouthSyncMeasurement` correlates the two.
/// Nothing from the render is trusted (no motion track, no intended timing): a late sound track, a
/// shifted frame index or a muxer offset all show up as a lag.
public final class MouthSyncMeter {
    public let device: GPUDevice
    private let perception: PhotoPerception

    public init(device: GPUDevice) throws(PipelineError) {
        self.device = device
        do { perception = try PhotoPerception(device: device) } catch { throw .model(error) }
    }

    /// Measures `video`: its frames' mouth apertures against its own audio track.
    public func measure(video path: String, options: MouthSyncMeasurement.Options = .init()) throws(PipelineError)
        -> MouthSyncMeasurement
    {
        do {
            let reader = try VideoReader(path: path)
            guard reader.hasAudio else { throw MediaError.noAudioStream(path: path) }
            let (aperture, times) = try apertures(reader)
            guard aperture.contains(where: { $0 != nil }) else { throw PipelineError.noFace(path: path) }
            let clip = try reader.audio()
            let mono = Self.mono(clip)
            let envelope = MouthSyncMeasurement.envelope(
                samples: mono, sampleRate: clip.sampleRate,
                audioOffset: reader.audioOffset, frames: times)
            return MouthSyncMeasurement.analyze(
                video: path, frameRate: reader.frameRate, aperture: aperture,
                envelope: envelope, options: options)
        } catch {
            throw PipelineError(error)
        }
    }

    /// Each frame's mouth aperture (nil without a face) and display interval. The tracker's 1€ filter is turned
    /// off: at lip speeds it runs near its 1 Hz floor and would hand on the mouth about a frame late, and a lag is
    /// what is being measured. The mesh region still follows from frame to frame, as in the product.
    private func apertures(_ reader: VideoReader) throws -> ([Float?], [(time: Double, duration: Double)]) {
        let tracker = FaceTracker(perception: perception, smoothing: .unsmoothed)
        var aperture: [Float?] = []
        var times: [(time: Double, duration: Double)] = []
        try reader.eachFrame { frame throws(PipelineError) -> Bool in
            do {
                let image = frame.image
                let buffer = try PhotoBuffer(
                    pixels: image.pixels, width: image.width, height: image.height, device: self.device)
                aperture.append(try tracker.track(buffer, at: frame.time).map(Self.aperture))
                times.append((frame.time, frame.duration))
            } catch {
                throw PipelineError(error)
            }
            return true
        }
        return (aperture, times)
    }

    /// Inner-lip gap (13 to 14) over the distance between the outer eye corners (33 to 263): the eyes do not
    /// move with the jaw, so the ratio is the mouth alone, whatever the face's size in the frame.
    public static func aperture(_ landmarks: [Point3D]) -> Float {
        FaceLandmarks.lipGap(landmarks, over: FaceLandmarks.eyeCorners)
    }

    /// The clip's channels averaged.
    static func mono(_ clip: AudioClip) -> [Float] {
        guard clip.channels > 1 else { return clip.samples }
        let scale = 1 / Float(clip.channels)
        return (0..<clip.frameCount).map { frame in
            (0..<clip.channels).reduce(Float(0)) { $0 + clip.samples[frame * clip.channels + $1] } * scale
        }
    }
}
