import CVulkan

/// Everything the GPU runtime can fail with. Each case reads as one sentence for the user.
public enum GPUError: Error, Equatable, CustomStringConvertible {
    /// No Vulkan loader or driver answered.
    case vulkanUnavailable(String)
    /// Vulkan is there but no device can run our compute shaders.
    case noUsableDevice(String)
    /// `--device` / `VLOGGER_DEVICE` named a device that is not present.
    case deviceNotFound(selector: String, available: [String])
    /// The validation layer was requested but is not installed.
    case validationLayerMissing
    /// A Vulkan call failed.
    case vulkan(call: String, result: Int32)
    /// A shader the build should have embedded is missing.
    case shaderMissing(String)
    /// A request the runtime cannot serve (buffer too large for one binding, ...).
    case unsupported(String)
    /// Arguments that do not fit together (shapes, sizes).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .vulkanUnavailable(let detail):
            "Vulkan is not available (\(detail)); install a Vulkan driver, e.g. `make deps` for Mesa's lavapipe."
        case .noUsableDevice(let detail):
            "No Vulkan device can run vlogger-gpu (\(detail)); it needs Vulkan 1.2 with compute."
        case .deviceNotFound(let selector, let available):
            "No Vulkan device matches '\(selector)'; available: \(available.joined(separator: ", "))."
        case .validationLayerMissing:
            "The Khronos validation layer is not installed; install vulkan-validationlayers (`make deps`)."
        case .vulkan(let call, let result):
            "\(call) failed with \(vulkanResultName(result)) (\(result))."
        case .shaderMissing(let name):
            "Shader '\(name)' is not embedded in this build; rebuild with `make`."
        case .unsupported(let detail):
            "Not supported on this device: \(detail)."
        case .invalidArgument(let detail):
            "Invalid argument: \(detail)."
        }
    }
}

/// Throws `GPUError.vulkan` unless `result` is `VK_SUCCESS`.
@inline(__always)
func check(_ result: VkResult, _ call: @autoclosure () -> String) throws(GPUError) {
    guard result == VK_SUCCESS else { throw .vulkan(call: call(), result: result.rawValue) }
}

/// The symbolic name of a VkResult code, for messages.
func vulkanResultName(_ code: Int32) -> String {
    switch VkResult(code) {
    case VK_SUCCESS: "VK_SUCCESS"
    case VK_NOT_READY: "VK_NOT_READY"
    case VK_TIMEOUT: "VK_TIMEOUT"
    case VK_INCOMPLETE: "VK_INCOMPLETE"
    case VK_ERROR_OUT_OF_HOST_MEMORY: "VK_ERROR_OUT_OF_HOST_MEMORY"
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: "VK_ERROR_OUT_OF_DEVICE_MEMORY"
    case VK_ERROR_INITIALIZATION_FAILED: "VK_ERROR_INITIALIZATION_FAILED"
    case VK_ERROR_DEVICE_LOST: "VK_ERROR_DEVICE_LOST"
    case VK_ERROR_MEMORY_MAP_FAILED: "VK_ERROR_MEMORY_MAP_FAILED"
    case VK_ERROR_LAYER_NOT_PRESENT: "VK_ERROR_LAYER_NOT_PRESENT"
    case VK_ERROR_EXTENSION_NOT_PRESENT: "VK_ERROR_EXTENSION_NOT_PRESENT"
    case VK_ERROR_FEATURE_NOT_PRESENT: "VK_ERROR_FEATURE_NOT_PRESENT"
    case VK_ERROR_INCOMPATIBLE_DRIVER: "VK_ERROR_INCOMPATIBLE_DRIVER"
    case VK_ERROR_TOO_MANY_OBJECTS: "VK_ERROR_TOO_MANY_OBJECTS"
    case VK_ERROR_OUT_OF_POOL_MEMORY: "VK_ERROR_OUT_OF_POOL_MEMORY"
    default: "VkResult"
    }
}
