import ArgumentParser
import GPU

/// Options every GPU command shares.
struct GPUOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Vulkan device: an index from `vlogger-gpu devices` or part of its name (default: VLOGGER_DEVICE, else the best device).",
            valueName: "N|name"))
    var device: String?

    @Flag(name: .long, help: "Turn on the Khronos validation layer (also VLOGGER_VALIDATION=1); messages go to stderr.")
    var validation = false

    var selector: DeviceSelector { device.map(DeviceSelector.init) ?? .fromEnvironment }

    func makeInstance() throws(GPUError) -> GPUInstance {
        try GPUInstance(options: validation ? .init(validation: true) : .fromEnvironment)
    }

    func openDevice() throws(GPUError) -> GPUDevice {
        try makeInstance().makeDevice(selector)
    }

    /// Runs `body` on the chosen device, then prints whatever the validation layer said (thrown or not).
    func withDevice<T>(_ body: (GPUDevice) throws -> T) throws -> T {
        let device = try openDevice()
        defer { reportValidationMessages(device.instance) }
        return try body(device)
    }
}

/// Prints whatever the validation layer said, so `--validation` runs show it.
func reportValidationMessages(_ instance: GPUInstance) {
    for message in instance.validationLog.drain() { printError("validation: \(message)") }
}
