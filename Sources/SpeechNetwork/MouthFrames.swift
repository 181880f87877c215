/// What the speech-to-mouth network says about each 50 Hz frame (20 ms, the motion's frame at --fps 50).
public struct MouthFrames: Sendable, Equatable {
    public var count: Int
    /// [count, 7]: jawOpen, lipPress, lipsFunnel, lipsPucker, smile, upperLipRaise, lowerLipDown, each 0...1.
    public var controls: [Float]
    /// [count, 40]: ARPAbet class logits (SIL first, then Phoneme's vowels and consonants in Training's order).
    public var logits: [Float]

    public init(count: Int, controls: [Float], logits: [Float]) {
        self.count = count
        self.controls = controls
        self.logits = logits
    }
}
