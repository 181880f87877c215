import Body
import GPU
import Kernels
import Media
import Perception

/// A photo fitted for posing: the face and body models, and the GPU plates every frame samples.
public final class PosableSubject {
    public let photo: RGBImage
    public let analysis: PhotoAnalysis
    public let face: FaceModel
    public let body: BodyModel
    public let plates: SubjectPlates
    /// Which jaw carries the photo's own teeth, the teeth rows to synthesize and the mouth's colours.
    public let mouth: MouthAppearance

    /// Fits the largest face of `analysis` and the person around it. `path` names the photo in errors.
    public init(device: GPUDevice, photo: RGBImage, analysis: PhotoAnalysis, path: String) throws(SubjectFitError) {
        guard let largest = analysis.faces.first else { throw .noFace(path: path) }
        self.photo = photo
        self.analysis = analysis
        mouth = MouthAppearance(image: photo, landmarks: largest.landmarks)
        do {
            face = try FaceModel.fit(
                landmarks: largest.landmarks, imageWidth: photo.width, imageHeight: photo.height,
                mouthSplit: mouth.split)
            let mask = PersonSeparation.mask(
                analysis.personMask, width: photo.width, height: photo.height,
                chosen: Self.anchor(largest), others: analysis.faces.dropFirst().map(Self.anchor))
            body = try BodyModel.fit(
                mask: mask, width: photo.width, height: photo.height,
                pose: analysis.pose, face: face.geometry)
        } catch {
            throw .unfittable(path: path, reason: "\(error)")
        }
        do {
            plates = try SubjectPlates(
                device: device, pixels: photo.pixels, width: photo.width, height: photo.height,
                matte: body.matte, plateWeights: body.plateWeights)
        } catch {
            throw .gpu(error)
        }
    }

    /// A face as `PersonSeparation` sees it: the centre of its mesh and the detector box's width.
    static func anchor(_ face: Face) -> PersonSeparation.Anchor {
        let centre =
            face.landmarks.reduce(SIMD2<Float>.zero) { $0 + SIMD2($1.x, $1.y) } / Float(max(face.landmarks.count, 1))
        return PersonSeparation.Anchor(centre: centre, size: face.detection.box.maxX - face.detection.box.minX)
    }

    /// The two layers posed with `controls`, in photo pixels.
    public func layers(_ controls: Controls) -> (body: ScreenMesh, face: ScreenMesh) {
        let head = face.headTransform(controls).followed(by: body.headCarrier(controls))
        return (body.pose(controls, head: head), face.pose(controls, head: head))
    }

    /// The per-frame shading inputs of the warp renderer.
    public func frameState(_ controls: Controls) -> WarpComposite.FrameState {
        WarpComposite.FrameState(
            gazeX: controls.gazeX, gazeY: controls.gazeY, teeth: mouth.teeth, palette: mouth.palette)
    }
}
