import CVulkan
import Synchronization

/// Collects what the Khronos validation layer reports (warnings and errors), so tests can
/// fail on any message and the CLI can print them.
public final class ValidationLog: Sendable {
    private let storage = Mutex<[String]>([])

    public init() {}

    /// All messages so far, oldest first.
    public var messages: [String] { storage.withLock { $0 } }

    /// Returns the messages so far and forgets them.
    public func drain() -> [String] {
        storage.withLock { messages in
            defer { messages = [] }
            return messages
        }
    }

    func append(_ message: String) { storage.withLock { $0.append(message) } }
}

/// The C callback handed to VK_EXT_debug_utils; `userData` is an unretained `ValidationLog`.
let validationCallback: PFN_vkDebugUtilsMessengerCallbackEXT = { severity, _, data, userData in
    guard let userData, let data else { return VkBool32(VK_FALSE) }
    let log = Unmanaged<ValidationLog>.fromOpaque(userData).takeUnretainedValue()
    let level = severity.rawValue >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT.rawValue ? "error" : "warning"
    let text = data.pointee.pMessage.map { String(cString: $0) } ?? "(no message)"
    log.append("[\(level)] \(text)")
    return VkBool32(VK_FALSE)
}
