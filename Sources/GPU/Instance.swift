import CVulkan
import Foundation

/// The Vulkan instance: loader entry, optional validation, and the list of physical devices.
public final class GPUInstance: @unchecked Sendable {
    // @unchecked: the handles are immutable after init; Vulkan instance calls we make are thread-safe.

    /// Settings fixed at instance creation.
    public struct Options: Sendable {
        /// Turn on VK_LAYER_KHRONOS_validation with synchronization validation. Fails if the layer is missing.
        public var validation: Bool
        public init(validation: Bool = false) { self.validation = validation }

        /// Validation on when `VLOGGER_VALIDATION=1` is set in the environment.
        public static var fromEnvironment: Options {
            Options(validation: getenv("VLOGGER_VALIDATION").map { String(cString: $0) == "1" } ?? false)
        }
    }

    let handle: VkInstance
    private var messenger: VkDebugUtilsMessengerEXT?
    /// Validation messages (empty unless validation is on).
    public let validationLog = ValidationLog()
    public let options: Options
    /// Every physical device the loader reports, in loader order.
    public let devices: [DeviceInfo]
    let physicalDevices: [VkPhysicalDevice]

    /// The minimum Vulkan version our SPIR-V (vulkan1.2 target) needs.
    static let requiredAPIVersion = vlg_make_api_version(1, 2, 0)

    public init(options: Options = .fromEnvironment) throws(GPUError) {
        self.options = options
        var loaderVersion: UInt32 = 0
        guard vkEnumerateInstanceVersion(&loaderVersion) == VK_SUCCESS else {
            throw .vulkanUnavailable("the Vulkan loader could not be queried")
        }
        guard loaderVersion >= Self.requiredAPIVersion else {
            throw .vulkanUnavailable("the loader supports only Vulkan \(APIVersion(loaderVersion))")
        }

        var layers: [String] = []
        var extensions: [String] = []
        if options.validation {
            guard Self.availableLayers().contains("VK_LAYER_KHRONOS_validation") else {
                throw .validationLayerMissing
            }
            layers.append("VK_LAYER_KHRONOS_validation")
            extensions.append("VK_EXT_debug_utils")
        }

        var instance: VkInstance?
        let result: VkResult = try withCStringArray(layers) { (layerNames) throws(GPUError) in
            try withCStringArray(extensions) { (extensionNames) throws(GPUError) in
                "vlogger-gpu".withCString { appName in
                    var app = VkApplicationInfo()
                    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO
                    app.pApplicationName = appName
                    app.pEngineName = appName
                    app.apiVersion = Self.requiredAPIVersion
                    var enabledChecks = [VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT]
                    return enabledChecks.withUnsafeMutableBufferPointer { checks in
                        var features = VkValidationFeaturesEXT()
                        features.sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT
                        features.enabledValidationFeatureCount = UInt32(checks.count)
                        features.pEnabledValidationFeatures = UnsafePointer(checks.baseAddress)
                        return withUnsafePointer(to: &app) { appPointer in
                            withUnsafePointer(to: &features) { featuresPointer in
                                var info = VkInstanceCreateInfo()
                                info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO
                                info.pNext = options.validation ? UnsafeRawPointer(featuresPointer) : nil
                                info.pApplicationInfo = appPointer
                                info.enabledLayerCount = UInt32(layers.count)
                                info.ppEnabledLayerNames = layerNames
                                info.enabledExtensionCount = UInt32(extensions.count)
                                info.ppEnabledExtensionNames = extensionNames
                                return vkCreateInstance(&info, nil, &instance)
                            }
                        }
                    }
                }
            }
        }
        guard result == VK_SUCCESS, let instance else {
            throw .vulkanUnavailable("vkCreateInstance returned \(vulkanResultName(result.rawValue))")
        }
        self.handle = instance

        var count: UInt32 = 0
        vkEnumeratePhysicalDevices(instance, &count, nil)
        var physical = [VkPhysicalDevice?](repeating: nil, count: Int(count))
        vkEnumeratePhysicalDevices(instance, &count, &physical)
        self.physicalDevices = physical.compactMap { $0 }
        self.devices = physicalDevices.enumerated().map { DeviceInfo(index: $0.offset, physicalDevice: $0.element) }

        if options.validation {
            var info = VkDebugUtilsMessengerCreateInfoEXT()
            info.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT
            info.messageSeverity =
                VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT.rawValue
                | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT.rawValue
            info.messageType =
                VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT.rawValue
                | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT.rawValue
                | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT.rawValue
            info.pfnUserCallback = validationCallback
            info.pUserData = Unmanaged.passUnretained(validationLog).toOpaque()
            var created: VkDebugUtilsMessengerEXT?
            let status = vlg_create_debug_messenger(instance, &info, &created)
            // Every stored property is set by now, so a throw still runs deinit, which destroys the instance
            // (destroying it here too was a double destroy).
            guard status == VK_SUCCESS else {
                throw .vulkan(call: "vkCreateDebugUtilsMessengerEXT", result: status.rawValue)
            }
            messenger = created
        }
    }

    deinit {
        if let messenger { vlg_destroy_debug_messenger(handle, messenger) }
        vkDestroyInstance(handle, nil)
    }

    static func availableLayers() -> Set<String> {
        var count: UInt32 = 0
        vkEnumerateInstanceLayerProperties(&count, nil)
        var properties = [VkLayerProperties](repeating: VkLayerProperties(), count: Int(count))
        vkEnumerateInstanceLayerProperties(&count, &properties)
        return Set(properties.map { string(fromCharacterTuple: $0.layerName) })
    }

    /// Picks a device by `selector` (or the best one when automatic) and opens it.
    public func makeDevice(
        _ selector: DeviceSelector = .fromEnvironment,
        options: GPUDevice.Options = .init()
    ) throws(GPUError) -> GPUDevice {
        let info = try selector.choose(from: devices)
        return try GPUDevice(instance: self, physicalDevice: physicalDevices[info.index], info: info, options: options)
    }
}
