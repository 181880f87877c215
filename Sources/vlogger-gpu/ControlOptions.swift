import ArgumentParser
import Body

/// The `Controls` as command-line options (shared by the commands that pose a subject).
struct ControlOptions: ParsableArguments {
    @Option(help: "Jaw opening, 0...1.") var jaw: Float = 0
    @Option(help: "Lips pushed into a round opening, 0...1.") var funnel: Float = 0
    @Option(help: "Lips pushed together and forward, 0...1.") var pucker: Float = 0
    @Option(help: "Smile, 0...1.") var smile: Float = 0
    @Option(help: "Lips pressed together, 0...1.") var lipPress: Float = 0
    @Option(help: "Upper lip raised, 0...1.") var upperLip: Float = 0
    @Option(help: "Lower lip pulled down, 0...1.") var lowerLip: Float = 0
    @Option(help: "Cheeks puffed, 0...1.") var cheekPuff: Float = 0
    @Option(help: "Both eyes closed, 0...1.") var blink: Float?
    @Option(help: "The subject's left eye closed, 0...1.") var blinkLeft: Float = 0
    @Option(help: "The subject's right eye closed, 0...1.") var blinkRight: Float = 0
    @Option(help: "Eyes narrowed, 0...1.") var squint: Float = 0
    @Option(help: "Brows raised, 0...1.") var browRaise: Float = 0
    @Option(help: "Brows lowered, 0...1.") var browDown: Float = 0
    @Option(help: "Gaze to the viewer's right (+) or left (-), -1...1.") var gazeX: Float = 0
    @Option(help: "Gaze down (+) or up (-), -1...1.") var gazeY: Float = 0
    @Option(help: "Head turn to the viewer's right (+), degrees, -45...45.") var yaw: Float = 0
    @Option(help: "Head nod down (+), degrees, -30...30.") var pitch: Float = 0
    @Option(help: "Head tilt clockwise (+), degrees, -30...30.") var roll: Float = 0
    @Option(help: "Shoulders raised (+) or dropped, in face heights, -0.3...0.3.") var shrug: Float = 0
    @Option(help: "Torso tilt clockwise (+), degrees, -15...15.") var torsoRoll: Float = 0
    @Option(help: "Breathing (chest rise), 0...1.") var breath: Float = 0
    @Option(help: "Subject's left upper arm swung out (+), degrees, -45...45.") var leftArm: Float = 0
    @Option(help: "Subject's right upper arm swung out (+), degrees, -45...45.") var rightArm: Float = 0
    @Option(help: "Subject's left elbow flexed (+), degrees, -60...60.") var leftElbow: Float = 0
    @Option(help: "Subject's right elbow flexed (+), degrees, -60...60.") var rightElbow: Float = 0

    func validate() throws {
        let unit: [(String, Float)] = [
            ("--jaw", jaw), ("--funnel", funnel), ("--pucker", pucker), ("--smile", smile),
            ("--lip-press", lipPress), ("--upper-lip", upperLip), ("--lower-lip", lowerLip),
            ("--cheek-puff", cheekPuff), ("--blink", blink ?? 0), ("--blink-left", blinkLeft),
            ("--blink-right", blinkRight), ("--squint", squint), ("--brow-raise", browRaise),
            ("--brow-down", browDown), ("--breath", breath),
        ]
        for (name, value) in unit where !(0...1).contains(value) {
            throw ValidationError("\(name) must be between 0 and 1, got \(value).")
        }
        let ranged: [(String, Float, ClosedRange<Float>)] = [
            ("--gaze-x", gazeX, -1...1), ("--gaze-y", gazeY, -1...1), ("--yaw", yaw, -45...45),
            ("--pitch", pitch, -30...30),
            ("--roll", roll, -30...30), ("--shrug", shrug, -0.3...0.3), ("--torso-roll", torsoRoll, -15...15),
            ("--left-arm", leftArm, -45...45), ("--right-arm", rightArm, -45...45),
            ("--left-elbow", leftElbow, -60...60), ("--right-elbow", rightElbow, -60...60),
        ]
        for (name, value, range) in ranged where !range.contains(value) {
            throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value).")
        }
    }

    var controls: Controls {
        var c = Controls()
        c.jawOpen = jaw
        c.lipsFunnel = funnel
        c.lipsPucker = pucker
        c.smile = smile
        c.lipPress = lipPress
        c.upperLipRaise = upperLip
        c.lowerLipDown = lowerLip
        c.cheekPuff = cheekPuff
        c.blinkLeft = blink ?? blinkLeft
        c.blinkRight = blink ?? blinkRight
        c.squint = squint
        c.browRaise = browRaise
        c.browDown = browDown
        c.gazeX = gazeX
        c.gazeY = gazeY
        c.headYaw = yaw
        c.headPitch = pitch
        c.headRoll = roll
        c.shoulderShrug = shrug
        c.torsoRoll = torsoRoll
        c.breath = breath
        c.leftArmRaise = leftArm
        c.rightArmRaise = rightArm
        c.leftElbowFlex = leftElbow
        c.rightElbowFlex = rightElbow
        return c
    }
}
