import Foundation

/// Activation functions, applied element-wise or fused into the epilogue of conv and GEMM. The enum itself (cases
/// and codes) is generated from Shaders/interface.glsl's `ACT_*`.
extension Activation {
    /// The CPU reference.
    @inline(__always)
    public func apply(_ x: Float) -> Float {
        switch self {
        case .none: x
        case .relu: max(x, 0)
        case .relu6: min(max(x, 0), 6)
        case .sigmoid: 1 / (1 + Foundation.exp(-x))
        case .silu: x / (1 + Foundation.exp(-x))
        case .gelu: 0.5 * x * (1 + Foundation.erf(x * 0.707_106_781_186_547_5))
        case .hardSwish: x * min(max(x + 3, 0), 6) / 6
        case .tanh: Foundation.tanh(x)
        }
    }
}
