/// Controls as JSON: an object of the non-zero fields by name (`{"jawOpen": 0.4, "headYaw": -3}`), so motion
/// files stay small and hand edits may leave fields out (they are 0, as in `Controls.neutral`). An unknown
/// name is an error that names it, so a typo is not silently ignored.
extension Controls: Codable {
    /// Every field by its JSON name.
    public static var fields: [(name: String, key: WritableKeyPath<Controls, Float>)] {
        [("jawOpen", \.jawOpen), ("lipsFunnel", \.lipsFunnel), ("lipsPucker", \.lipsPucker), ("smile", \.smile),
         ("lipPress", \.lipPress), ("upperLipRaise", \.upperLipRaise), ("lowerLipDown", \.lowerLipDown), ("cheekPuff", \.cheekPuff),
         ("blinkLeft", \.blinkLeft), ("blinkRight", \.blinkRight), ("squint", \.squint), ("browRaise", \.browRaise),
         ("browDown", \.browDown), ("gazeX", \.gazeX), ("gazeY", \.gazeY),
         ("headYaw", \.headYaw), ("headPitch", \.headPitch), ("headRoll", \.headRoll), ("headX", \.headX), ("headY", \.headY),
         ("headZ", \.headZ), ("shoulderShrug", \.shoulderShrug), ("torsoRoll", \.torsoRoll), ("breath", \.breath),
         ("leftArmRaise", \.leftArmRaise), ("rightArmRaise", \.rightArmRaise), ("leftElbowFlex", \.leftElbowFlex),
         ("rightElbowFlex", \.rightElbowFlex)]
    }

    public init(from decoder: Decoder) throws {
        let values = try decoder.singleValueContainer().decode([String: Float].self)
        self.init()
        let known = Dictionary(uniqueKeysWithValues: Self.fields.map { ($0.name, $0.key) })
        for (name, value) in values {
            guard let key = known[name] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "unknown control \"\(name)\""))
            }
            guard value.isFinite else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(name) is not a finite number"))
            }
            self[keyPath: key] = value
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        let nonZero = Self.fields.compactMap { field in self[keyPath: field.key] == 0 ? nil : (field.name, self[keyPath: field.key]) }
        try container.encode(Dictionary(uniqueKeysWithValues: nonZero))
    }
}
