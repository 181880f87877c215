/// Everything that poses the subject in one frame. `Controls.neutral` (all zero) is the photo as it is;
/// each field moves one thing away from it. Expression weights are 0...1 (a few may go negative where
/// the doc says so); angles are degrees; translations are in the fitted model's world units
/// (about centimetres, the canonical face model's scale).
public struct Controls: Sendable, Hashable {
    // Mouth.
    /// Lower jaw rotates down, the lips part (1: 22 degrees with a forward glide, the lips ~3 cm apart: a wide "aa").
    public var jawOpen: Float = 0
    /// Lips push forward into a round opening ("oo", "w").
    public var lipsFunnel: Float = 0
    /// Lips pushed together and forward, mouth narrower ("u" with closed lips, a kiss).
    public var lipsPucker: Float = 0
    /// Mouth corners up and out, cheeks raised.
    public var smile: Float = 0
    /// Lips pressed together: closes a parted mouth (bilabial closure for p/b/m).
    public var lipPress: Float = 0
    /// Upper lip raised ("f", "v" show the upper teeth).
    public var upperLipRaise: Float = 0
    /// Lower lip pulled down, lower teeth shown.
    public var lowerLipDown: Float = 0
    /// Cheeks puffed out.
    public var cheekPuff: Float = 0

    // Eyes and brows.
    /// Subject's left eye closed (1) as seen by them; their left is the viewer's right.
    public var blinkLeft: Float = 0
    /// Subject's right eye closed (1).
    public var blinkRight: Float = 0
    /// Lower lids raised, eyes narrowed.
    public var squint: Float = 0
    /// Brows up (positive) or drawn down (negative is not used: see `browDown`).
    public var browRaise: Float = 0
    /// Brows lowered and drawn together.
    public var browDown: Float = 0
    /// Gaze direction, in fractions of the iris's travel: +x to the viewer's right, +y down; -1...1.
    public var gazeX: Float = 0
    public var gazeY: Float = 0

    // Head: rotation about the neck pivot, then translation, relative to the photo's head pose.
    /// Turn to the viewer's right (positive) or left, degrees.
    public var headYaw: Float = 0
    /// Nod down (positive) or up, degrees.
    public var headPitch: Float = 0
    /// Tilt clockwise as the viewer sees it (positive), degrees.
    public var headRoll: Float = 0
    /// Head translation in world units: +x right, +y down, +z away from the camera.
    public var headX: Float = 0
    public var headY: Float = 0
    public var headZ: Float = 0

    // Upper body.
    /// Both shoulders raised (positive) or dropped, in fractions of a face height.
    public var shoulderShrug: Float = 0
    /// Torso tilt about the hips as the viewer sees it, degrees, clockwise positive.
    public var torsoRoll: Float = 0
    /// Breathing phase amplitude: chest and shoulders rise slightly (0...1).
    public var breath: Float = 0
    /// Upper arms swung away from the body (positive) about the shoulders, degrees.
    public var leftArmRaise: Float = 0
    public var rightArmRaise: Float = 0
    /// Forearms flexed (positive) about the elbows, degrees.
    public var leftElbowFlex: Float = 0
    public var rightElbowFlex: Float = 0

    public init() {}

    /// The photo as it is.
    public static let neutral = Controls()
}
