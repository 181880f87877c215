/// Controls as JSON: an object of the non-zero fields by name (`{"jawOpen": 0.4, "headYaw": -3}`), so motion
/// files stay small and hand edits may leave fields out (they are 0, as in `Controls.neutral`). An unknown
/// name is an error that names it, so a typo is not silently ignored.
extension Controls: Codable {
    /// Every field by its JSON name.
    public static var fields: [(name: String, key: WritableKeyPath<Controls, Float>)] {
        [
            ("jawOpen", \.jawOpen), ("lipsFunnel", \.lipsFunnel), ("lipsPucker", \.lipsPucker), ("smile", \.smile),
            ("lipPress", \.lipPress), ("upperLipRaise", \.upperLipRaise), ("lowerLipDown", \.lowerLipDown),
            ("cheekPuff", \.cheekPuff),
            ("blinkLeft", \.blinkLeft), ("blinkRight", \.blinkRight), ("squint", \.squint), ("browRaise", \.browRaise),
            ("browDown", \.browDown), ("gazeX", \.gazeX), ("gazeY", \.gazeY),
            ("headYaw", \.headYaw), ("headPitch", \.headPitch), ("headRoll", \.headRoll), ("headX", \.headX),
            ("headY", \.headY),
            ("headZ", \.headZ), ("shoulderShrug", \.shoulderShrug), ("torsoRoll", \.torsoRoll), ("breath", \.breath),
            ("leftArmRaise", \.leftArmRaise), ("rightArmRaise", \.rightArmRaise), ("leftElbowFlex", \.leftElbowFlex),
            ("rightElbowFlex", \.rightElbowFlex),
        ]
    }

    /// What each field may hold, the ranges `pose` accepts: a file is read as a request, and a hand-edited or
    /// hostile value (1e30) is an error naming it, not a frame of garbage.
    public static func validRange(of name: String) -> ClosedRange<Float> {
        switch name {
        case "gazeX", "gazeY": -1...1
        case "headYaw", "leftArmRaise", "rightArmRaise": -45...45
        case "headPitch", "headRoll": -30...30
        case "headX", "headY", "headZ": -10...10
        case "shoulderShrug": -0.3...0.3
        case "torsoRoll": -15...15
        case "leftElbowFlex", "rightElbowFlex": -60...60
        default: 0...1
        }
    }

    public init(from decoder: Decoder) throws {
        let values = try decoder.singleValueContainer().decode([String: Float].self)
        self.init()
        let known = Dictionary(uniqueKeysWithValues: Self.fields.map { ($0.name, $0.key) })
        for (name, value) in values {
            guard let key = known[name] else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "unknown control \"\(name)\""))
            }
            guard value.isFinite else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "\(name) is not a finite number"))
            }
            let range = Self.validRange(of: name)
            guard range.contains(value) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "\(name) is \(value), outside \(range.lowerBound)...\(range.upperBound)"))
            }
            self[keyPath: key] = value
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        let nonZero = Self.fields.compactMap { field in
            self[keyPath: field.key] == 0 ? nil : (field.name, self[keyPath: field.key])
        }
        try container.encode(Dictionary(uniqueKeysWithValues: nonZero))
    }
}
