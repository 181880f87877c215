import Landmarks

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
    /// Canonical -> camera space, fitted to `neutralVertices` (scale about 1: world units are cm).
    public let cameraSimilarity: SimilarityTransform
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
    /// The mouth-interior vertices' neutral position per inner-lip column: on the ray of the photo point
    /// that splits the column's opening (`mouthSplit`), at the depth between the two lips' (so they project
    /// onto it exactly).
    let mouthInteriorNeutral: [SIMD3<Float>]
    /// How the photo's mouth opening divides between the upper and the lower jaw.
    public let mouthSplit: MouthInteriorSplit
    let blendshapes: FaceBlendshapes
    let layer: FaceLayerTopology

    /// Fits the shipped canonical face to 468 FaceMesh landmarks (x, y image pixels; z pixels of
    /// depth relative to the head, smaller = closer). `camera` defaults to the usual field-of-view guess;
    /// `mouthSplit` (`MouthInteriorSplit.measure` on the photo) says which jaw carries the photo's teeth.
    public static func fit(
        landmarks: [Point3D], imageWidth: Int, imageHeight: Int,
        camera: PinholeCamera? = nil, mouthSplit: MouthInteriorSplit = .even
    ) throws(BodyError) -> FaceModel {
        try fit(
            landmarks: landmarks, imageWidth: imageWidth, imageHeight: imageHeight,
            camera: camera, canonical: CanonicalFace.shipped(), mouthSplit: mouthSplit)
    }

    public static func fit(
        landmarks: [Point3D], imageWidth: Int, imageHeight: Int,
        camera: PinholeCamera? = nil, canonical: CanonicalFace,
        mouthSplit: MouthInteriorSplit = .even
    ) throws(BodyError) -> FaceModel {
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
        let depth = LandmarkDepth(camera: camera, pixelsPerUnit: similarity.scale)
        let neutral = landmarks.map { depth.cameraPoint($0) }
        // The head's rotation and placement come from a second fit, in camera space to the unprojected
        // vertices: it is the landmark fit's rotation composed with diag(1, -1, -1), but free of the
        // perspective the landmark-frame fit ignores (about a degree of bias at arm's length).
        let cameraSimilarity = try SimilarityTransform.fitting(canonical.vertices, to: neutral)
        return FaceModel(
            camera: camera, canonical: canonical, landmarks: landmarks, similarity: similarity,
            depth: depth, neutral: neutral, cameraSimilarity: cameraSimilarity, mouthSplit: mouthSplit)
    }

    private init(
        camera: PinholeCamera, canonical: CanonicalFace, landmarks: [Point3D], similarity: SimilarityTransform,
        depth: LandmarkDepth, neutral: [SIMD3<Float>], cameraSimilarity: SimilarityTransform,
        mouthSplit: MouthInteriorSplit
    ) {
        self.camera = camera
        self.canonical = canonical
        self.similarity = similarity
        self.cameraSimilarity = cameraSimilarity
        regions = FaceRegions(canonical: canonical)
        self.landmarks = landmarks.map { SIMD2($0.x, $0.y) }
        neutralVertices = neutral
        headRotation = cameraSimilarity.rotation
        headOrigin = cameraSimilarity.apply(.zero)
        neckPivot = cameraSimilarity.apply(Self.canonicalNeckPivot)
        self.mouthSplit = mouthSplit
        let columns = zip(FaceRegions.upperLipInner, FaceRegions.lowerLipInner).dropFirst().dropLast()
        mouthInteriorNeutral = zip(columns, mouthSplit.upperShares).map { column, share in
            let (a, b) = (landmarks[column.0], landmarks[column.1])
            return depth.cameraPoint(
                Point3D(x: a.x + share * (b.x - a.x), y: a.y + share * (b.y - a.y), z: a.z + share * (b.z - a.z)))
        }
        let toHead = headRotation.transposed
        headFrameVertices = neutralVertices.map { [headOrigin] p in toHead.apply(p - headOrigin) }
        blendshapes = FaceBlendshapes(canonical: canonical.vertices, headFrame: headFrameVertices, regions: regions)
        layer = FaceLayerTopology(
            canonical: canonical, regions: regions, landmarks: self.landmarks,
            upperShares: mouthSplit.upperShares)
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
        return RigidTransform(
            rotation: headRotation * local * headRotation.transposed, pivot: neckPivot,
            translation: SIMD3(controls.headX, controls.headY, controls.headZ))
    }
}

/// Camera-space points from landmarks: the face's scale s (pixels per cm) puts it at depth f / s, and a
/// landmark's relative depth z (pixels, smaller = closer) adds z / s; the point lies on the landmark's
/// pixel ray, so it projects back onto the landmark exactly.
struct LandmarkDepth: Sendable {
    let camera: PinholeCamera
    let pixelsPerUnit: Float

    var faceDistance: Float { camera.focalLength / pixelsPerUnit }

    func cameraPoint(_ landmark: Point3D) -> SIMD3<Float> {
        camera.unproject(x: landmark.x, y: landmark.y, depth: faceDistance + landmark.z / pixelsPerUnit)
    }
}
