/// What a rasterized triangle belongs to: the part-label control map, and how the warp renderer
/// shades it. Raw values are what the shaders see (Shaders/warp_composite.comp, control_maps.comp).
public enum BodyPart: UInt32, Sendable, CaseIterable, Codable {
    case background = 0
    case faceSkin = 1
    case lips = 2
    /// Inside the lips where the photo shows it (its own teeth or dark cavity): sampled from the photo.
    case mouthInterior = 3
    /// Inside the lips where the photo has nothing (the jaw opened wider): synthesized cavity, teeth, tongue.
    case mouthCavity = 4
    /// The subject's left eye opening (viewer's right): sampled with gaze and covered by the lid on a blink.
    case leftEye = 5
    case rightEye = 6
    /// Hair, ears and the rest of the head outside the face mesh.
    case head = 7
    case neck = 8
    case torso = 9
    case leftArm = 10
    case rightArm = 11
}
