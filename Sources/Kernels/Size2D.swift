/// A vertical and a horizontal value: a kernel size, stride, dilation or padding.
/// An integer literal means the same value on both axes (`stride: 2`).
public struct Size2D: Sendable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var y: Int
    public var x: Int

    public init(_ y: Int, _ x: Int) {
        self.y = y
        self.x = x
    }

    public init(integerLiteral value: Int) { self.init(value, value) }

    public var description: String { "\(y)x\(x)" }
}
