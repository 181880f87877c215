import Body
import GPU
import Landmarks
import Media
import NN
import Perception
import Render

/// Re-renders the face of video frames: tracks it from frame to frame with the face mesh, fits the face
/// model to each frame's landmarks, poses it and warps it from that same frame, which is also its own
/// background (the lids and lips move a little; whatever they uncover is the frame). Pixels the face layer
/// does not cover are the frame's own, bit for bit.
final class FrameFaceEditor {
    let device: GPUDevice
    private let tracker: FaceTracker

    init(device: GPUDevice, perception: PhotoPerception) {
        self.device = device
        tracker = FaceTracker(perception: perception)
    }

    /// The frame with its face posed by the controls `controls` returns for this frame's landmarks, or nil
    /// when no face is found in it.
    func render(_ image: RGBImage, at time: Double, controls: ([Point3D]) -> Controls) throws(PipelineError) -> [UInt8]?
    {
        do {
            let buffer = try PhotoBuffer(pixels: image.pixels, width: image.width, height: image.height, device: device)
            guard let landmarks = try tracker.track(buffer, at: time) else { return nil }
            let mouth = MouthAppearance(image: image, landmarks: landmarks)
            let face = try FaceModel.fit(
                landmarks: landmarks, imageWidth: image.width, imageHeight: image.height,
                mouthSplit: mouth.split)
            let posed = controls(landmarks)
            let plates = try SubjectPlates(
                device: device, frame: image.pixels, width: image.width, height: image.height)
            let renderer = try FrameRenderer(plates: plates, outputWidth: image.width, outputHeight: image.height)
            let rendered = try renderer.render(
                body: ScreenMesh(), face: face.pose(posed),
                frame: .init(
                    gazeX: posed.gazeX, gazeY: posed.gazeY,
                    teeth: mouth.teeth, palette: mouth.palette))
            return rendered.pixels
        } catch let error as BodyError {
            throw .unfittable(path: "the frame at \(String(format: "%.2f", time)) s", reason: error.description)
        } catch {
            throw PipelineError(error)
        }
    }
}
