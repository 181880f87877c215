import Perception

/// The face fitted to one photo: the canonical face placed in the photo's camera so that at neutral
/// controls every vertex projects exactly onto its landmark, plus what is needed to pose it.
///
/// Frames: the canonical/head frame has x to the subject's left (viewer's right), y up, z toward the
/// viewer, in cm. Camera space has x right, y down, z forward. World units = canonical units.
public struct FaceModel: Sendable {
    public let camera: PinholeCamera
    public let regions: FaceRegions
    /// The canonical model the fit started from.
    public let canonical: CanonicalFace
    /// The photo's landmarks (x, y), pixels: the reference points of the face vertices.
    public let landmarks: [SIMD2<Float>]
    /// The 468 vertices at neutral controls, camera space.
    public let neutralVertices: [SIMD3<Float>]
    /// Canonical -> landmark frame (x right, y up, z toward the viewer, pixels): scale = pixels per cm.
    public let similarity: SimilarityTransform
    /// Turns a canonical direction into the camera-space direction it has in the photo.
    public let headRotation: Rotation3
    /// The canonical origin (about the head's centre) in camera space.
    public let headOrigin: SIMD3<Float>
    /// Where the head turns: canonical (0, -5, -3) -- below ear level and behind the jaw, roughly
    /// the atlanto-occipital joint at the top of the neck -- in camera space.
    public let neckPivot: SIMD3<Float>
    public static let canonicalNeckPivot = SIMD3<Float>(0, -5, -3)

    /// The neutral vertices in the head frame: this face's own shape, in canonical axes.
    let headFrameVertices: [SIMD3<Float>]
    let blendshapes: FaceBlendshapes
    let layer: FaceLayerTopology

    /// Fits the shipped canonical face to 468 FaceMesh landmarks (x, y image pixels; z pixels of
    /// depth relative to the head, smaller = closer). `camera` defaults to the usual field-of-view guess.
    public static func fit(landmarks: [Point3D], imageWidth: Int, imageHeight: Int,
                           camera: PinholeCamera? = nil) throws(BodyError) -> FaceModel {
        try fit(landmarks: landmarks, imageWidth: imageWidth, imageHeight: imageHeight,
                camera: camera, canonical: CanonicalFace.shipped())
    }

    public static func fit(landmarks: [Point3D], imageWidth: Int, imageHeight: Int,
                           camera: PinholeCamera? = nil, canonical: CanonicalFace) throws(BodyError) -> FaceModel {
        guard imageWidth > 0, imageHeight > 0 else { throw .invalidImageSize(width: imageWidth, height: imageHeight) }
        guard landmarks.count == canonical.vertices.count else {
            throw .wrongLandmarkCount(expected: canonical.vertices.count, got: landmarks.count)
        }
        if let bad = landmarks.firstIndex(where: { !($0.x.isFinite && $0.y.isFinite && $0.z.isFinite) }) {
            throw .nonFiniteLandmark(index: bad)
        }
        let camera = camera ?? PinholeCamera(imageWidth: imageWidth, imageHeight: imageHeight)
        // Landmarks in a frame with the canonical model's handedness: y up, z toward the viewer.
        let targets = landmarks.map { SIMD3<Float>($0.x, -$0.y, -$0.z) }
        let similarity = try SimilarityTransform.fitting(canonical.vertices, to: targets)
        return FaceModel(camera: camera, canonical: canonical, landmarks: landmarks, similarity: similarity)
    }

    private init(camera: PinholeCamera, canonical: CanonicalFace, landmarks: [Point3D], similarity: SimilarityTransform) {
        self.camera = camera
        self.canonical = canonical
        self.similarity = similarity
        regions = FaceRegions(canonical: canonical)
        self.landmarks = landmarks.map { SIMD2($0.x, $0.y) }
        // The face's scale fixes its distance: s pixels per cm at depth f / s.
        let distance = camera.focalLength / similarity.scale
        /// A point given like a landmark (pixels x, y and relative depth z) in camera space.
        func cameraPoint(x: Float, y: Float, z: Float) -> SIMD3<Float> {
            camera.unproject(x: x, y: y, depth: distance + z / similarity.scale)
        }
        neutralVertices = landmarks.map { cameraPoint(x: $0.x, y: $0.y, z: $0.z) }
        /// A canonical point mapped the way the landmarks are: through the fitted similarity, then
        /// unprojected like a landmark, so it sits consistently among the neutral vertices.
        func placed(_ canonicalPoint: SIMD3<Float>) -> SIMD3<Float> {
            let q = similarity.apply(canonicalPoint)
            return cameraPoint(x: q.x, y: -q.y, z: -q.z)
        }
        // Landmark frame -> camera axes is diag(1, -1, -1) (a rotation), applied after the fit's rotation.
        let flip = Rotation3(rows: [1, 0, 0], [0, -1, 0], [0, 0, -1])
        headRotation = flip * similarity.rotation
        headOrigin = placed(.zero)
        neckPivot = placed(Self.canonicalNeckPivot)
        let toHead = headRotation.transposed
        headFrameVertices = neutralVertices.map { [headOrigin] p in toHead.apply(p - headOrigin) }
        blendshapes = FaceBlendshapes(canonical: canonical.vertices, headFrame: headFrameVertices, regions: regions)
        layer = FaceLayerTopology(canonical: canonical, regions: regions, landmarks: self.landmarks)
    }

    /// What the body layer needs of the face.
    public var geometry: FaceGeometry {
        FaceGeometry(camera: camera, vertices: neutralVertices, triangles: canonical.triangles, neckPivot: neckPivot)
    }

    /// The head's motion for `controls`, camera space: yaw, pitch and roll about the head's own axes
    /// (as the photo shows it) around the neck pivot, then the translation.
    public func headTransform(_ controls: Controls) -> RigidTransform {
        let radians = Float.pi / 180
        // Head-frame rotations: yaw about +y moves the nose (+z) toward +x (viewer's right); pitch about
        // +x moves it down; clockwise as the viewer (at +z) sees it is negative about +z.
        let yaw = Rotation3(axis: [0, 1, 0], radians: controls.headYaw * radians)
        let pitch = Rotation3(axis: [1, 0, 0], radians: controls.headPitch * radians)
        let roll = Rotation3(axis: [0, 0, 1], radians: -controls.headRoll * radians)
        let local = yaw * pitch * roll
        return RigidTransform(rotation: headRotation * local * headRotation.transposed, pivot: neckPivot,
                              translation: SIMD3(controls.headX, controls.headY, controls.headZ))
    }
}
