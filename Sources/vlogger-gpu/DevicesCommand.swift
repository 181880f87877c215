import ArgumentParser
import Foundation
import GPU
import ModelFiles
import NN

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List every Vulkan device with its type, driver, memory and optional features.",
        discussion: """
            The device marked '*' is the one other commands pick by default (discrete GPU first, then \
            integrated, then CPU); choose another with --device N|name or VLOGGER_DEVICE.

            Examples:
              vlogger-gpu devices
              vlogger-gpu devices --json
            """
    )

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var gpu: GPUOptions

    func run() throws {
        try reportingErrors {
            let instance = try gpu.makeInstance()
            // An explicit --device / VLOGGER_DEVICE that matches nothing is an error, not a silent default.
            let chosen =
                gpu.selector == .automatic
                ? try? gpu.selector.choose(from: instance.devices)
                : try gpu.selector.choose(from: instance.devices)
            if json {
                let entries = instance.devices.map { DeviceDescription($0, selected: $0.index == chosen?.index) }
                try printJSON(entries)
            } else if instance.devices.isEmpty {
                print("No Vulkan devices found.")
            } else {
                for device in instance.devices { print(describe(device, selected: device.index == chosen?.index)) }
            }
            if !json { print(modelsLine()) }
        }
    }

    private func describe(_ device: DeviceInfo, selected: Bool) -> String {
        let features = device.features
        let memory = String(format: "%.1f GiB", Double(device.deviceLocalMemory) / Double(1 << 30))
        let timestamp = device.limits.timestampPeriod > 0 ? "\(device.limits.timestampPeriod) ns/tick" : "none"
        var lines = [
            "\(selected ? "*" : " ") \(device.index): \(device.name)",
            "    type:            \(device.kind)",
            "    driver:          \(device.driverName) \(device.driverInfo)",
            "    Vulkan:          \(device.apiVersion)",
            "    memory:          \(memory) device-local",
            "    fp16 storage:    \(yesNo(features.storage16Bit))    fp16 arithmetic: \(yesNo(features.float16Arithmetic))",
            "    int64 atomics:   \(yesNo(features.int64Atomics))    subgroup size: \(features.subgroupSize)\(features.subgroupSizeIsFixed ? " (fixed)" : " (varies)")",
            "    shared memory:   \(device.limits.maxSharedMemoryBytes / 1024) KiB per workgroup, max binding \(device.limits.maxStorageBufferRange >> 20) MiB",
            "    timestamps:      \(timestamp)",
        ]
        if let reason = device.unusableReason { lines.append("    unusable:        \(reason)") }
        return lines.joined(separator: "\n")
    }

    /// Where the models load from (VLOGGER_MODELS or the install), so a user can tell which copy runs.
    private func modelsLine() -> String {
        do throws(ModelFileError) {
            let folder = try ModelLocator.url(for: "face_landmark.tflite").deletingLastPathComponent()
                .standardizedFileURL.path
            return "models: \(folder)"
        } catch {
            return "models: not usable: \(error.description)"
        }
    }

    private func yesNo(_ value: Bool) -> String { value ? "yes" : "no " }
}

/// The JSON form of one device.
struct DeviceDescription: Codable {
    let index: Int
    let name: String
    let type: String
    let driver: String
    let driverInfo: String
    let vulkanVersion: String
    let deviceLocalMemoryBytes: UInt64
    let fp16Storage: Bool
    let fp16Arithmetic: Bool
    let int64Atomics: Bool
    let subgroupSize: UInt32
    let subgroupSizeIsFixed: Bool
    let maxSharedMemoryBytes: UInt32
    let timestampPeriodNanoseconds: Double
    let usable: Bool
    let selected: Bool

    init(_ device: DeviceInfo, selected: Bool) {
        index = device.index
        name = device.name
        type = device.kind.description
        driver = device.driverName
        driverInfo = device.driverInfo
        vulkanVersion = device.apiVersion.description
        deviceLocalMemoryBytes = device.deviceLocalMemory
        fp16Storage = device.features.storage16Bit
        fp16Arithmetic = device.features.float16Arithmetic
        int64Atomics = device.features.int64Atomics
        subgroupSize = device.features.subgroupSize
        subgroupSizeIsFixed = device.features.subgroupSizeIsFixed
        maxSharedMemoryBytes = device.limits.maxSharedMemoryBytes
        timestampPeriodNanoseconds = device.limits.timestampPeriod
        usable = device.unusableReason == nil
        self.selected = selected
    }
}
