import Body
import Motion

/// One panel of control curves: which controls, in what colours, over what value range.
struct CurvePanel: Sendable {
    let kind: PlotPanelKind
    let title: String
    let range: ValueRange
    let curves: [PlotCurve]
    /// Values labelled on the left margin.
    let labelledValues: [Float]

    /// The mouth, eyes and head panels, and the body panel when the track moves the body at all.
    static func panels(for track: MotionTrack) -> [CurvePanel] {
        let frames = track.frames
        func series(_ name: String, _ value: (Controls) -> Float) -> (String, [Float]) { (name, frames.map(value)) }
        func coloured(_ named: [(String, [Float])]) -> [PlotCurve] {
            named.enumerated().map { PlotCurve(name: $1.0, color: PlotStyle.curve($0), values: $1.1) }
        }

        let mouth = CurvePanel(
            kind: .mouth, title: "mouth", range: ValueRange(lower: 0, upper: 1),
            curves: coloured([
                series("jawOpen") { $0.jawOpen }, series("lipPress") { $0.lipPress },
                series("lipsFunnel") { $0.lipsFunnel }, series("lipsPucker") { $0.lipsPucker },
                series("smile") { $0.smile },
            ]), labelledValues: [0, 0.5, 1])

        // One blink curve when both eyes always agree: two identical curves would hide each other anyway.
        let eyesAgree = frames.allSatisfy { $0.blinkLeft == $0.blinkRight }
        let blinks =
            eyesAgree
            ? [series("blink") { $0.blinkLeft }]
            : [series("blinkLeft") { $0.blinkLeft }, series("blinkRight") { $0.blinkRight }]
        let eyes = CurvePanel(
            kind: .eyes, title: "eyes", range: ValueRange(lower: -1, upper: 1),
            curves: coloured(
                blinks + [
                    series("browRaise") { $0.browRaise }, series("gazeX") { $0.gazeX }, series("gazeY") { $0.gazeY },
                ]
            ), labelledValues: [-1, 0, 1])

        let headSeries = [
            series("yaw") { $0.headYaw }, series("pitch") { $0.headPitch }, series("roll") { $0.headRoll },
        ]
        let headRange = ValueRange.symmetric(covering: headSeries.map(\.1), minimum: 1)
        let head = CurvePanel(
            kind: .head, title: "head (degrees)", range: headRange, curves: coloured(headSeries),
            labelledValues: [headRange.lower, 0, headRange.upper])
        var panels = [mouth, eyes, head]

        // Shrug is a fraction of a face height: in percent it shares the degrees' scale of ten-ish units.
        let bodySeries = [
            series("shrug %") { $0.shoulderShrug * 100 }, series("torsoRoll") { $0.torsoRoll },
            series("leftArm") { $0.leftArmRaise }, series("rightArm") { $0.rightArmRaise },
            series("leftElbow") { $0.leftElbowFlex }, series("rightElbow") { $0.rightElbowFlex },
        ].filter { $0.1.contains { $0 != 0 && $0.isFinite } }
        if !bodySeries.isEmpty {
            let bodyRange = ValueRange.symmetric(covering: bodySeries.map(\.1), minimum: 1)
            let inDegrees = bodySeries.contains { $0.0 != "shrug %" }
            panels.append(
                CurvePanel(
                    kind: .body, title: inDegrees ? "body (degrees)" : "body", range: bodyRange,
                    curves: coloured(bodySeries),
                    labelledValues: [bodyRange.lower, 0, bodyRange.upper]))
        }
        return panels
    }
}
