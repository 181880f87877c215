import Foundation

/// Which Vulkan device to run on: `--device N|name` or `VLOGGER_DEVICE`, else the best one.
public enum DeviceSelector: Sendable, Equatable, CustomStringConvertible {
    /// Discrete GPU first, then integrated, then virtual, then CPU (lavapipe); most memory wins a tie.
    case automatic
    /// The device at this index in `vlogger-gpu devices`.
    case index(Int)
    /// The first device whose name contains this text (case-insensitive).
    case name(String)

    /// Parses `N` as an index and anything else as a name; empty means automatic.
    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            self = .automatic
        } else if let index = Int(trimmed) {
            self = .index(index)
        } else {
            self = .name(trimmed)
        }
    }

    /// `VLOGGER_DEVICE` when set, else automatic.
    public static var fromEnvironment: DeviceSelector {
        getenv("VLOGGER_DEVICE").map { DeviceSelector(String(cString: $0)) } ?? .automatic
    }

    public var description: String {
        switch self {
        case .automatic: "automatic"
        case .index(let index): "\(index)"
        case .name(let name): name
        }
    }

    /// The device this selector picks among `devices`.
    public func choose(from devices: [DeviceInfo]) throws(GPUError) -> DeviceInfo {
        let listing = devices.map { "\($0.index): \($0.name)" }
        switch self {
        case .automatic:
            let usable = devices.filter { $0.unusableReason == nil }
            guard
                let best = usable.min(by: {
                    ($0.kind, -Int64($0.deviceLocalMemory), $0.index)
                        < ($1.kind, -Int64($1.deviceLocalMemory), $1.index)
                })
            else {
                let reasons = devices.map { "\($0.name): \($0.unusableReason ?? "")" }
                throw .noUsableDevice(devices.isEmpty ? "no Vulkan devices found" : reasons.joined(separator: "; "))
            }
            return best
        case .index(let index):
            guard devices.indices.contains(index) else {
                throw .deviceNotFound(selector: description, available: listing)
            }
            return try Self.usable(devices[index])
        case .name(let name):
            guard let match = devices.first(where: { $0.name.lowercased().contains(name.lowercased()) }) else {
                throw .deviceNotFound(selector: name, available: listing)
            }
            return try Self.usable(match)
        }
    }

    private static func usable(_ device: DeviceInfo) throws(GPUError) -> DeviceInfo {
        if let reason = device.unusableReason { throw .noUsableDevice("\(device.name): \(reason)") }
        return device
    }
}
