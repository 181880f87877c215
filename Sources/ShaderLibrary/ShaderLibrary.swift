import Foundation

/// The SPIR-V of every kernel in `Shaders/`, compiled by the build and embedded in the binary.
///
/// Names are the shader file names without extension; variants compiled with extra
/// definitions carry a suffix (`"gemm.fp16"`).
public enum ShaderLibrary {
    /// All embedded shader names, sorted.
    public static var names: [String] { embedded.keys.sorted() }

    /// The SPIR-V words of the named shader, or nil if the build did not embed it.
    public static func spirv(named name: String) -> [UInt32]? {
        guard let base64 = embedded[name], let data = Data(base64Encoded: base64),
            data.count % 4 == 0
        else { return nil }
        return data.withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
    }
}
