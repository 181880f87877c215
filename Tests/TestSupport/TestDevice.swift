import Foundation
import GPU
import XCTest

/// One validated Vulkan device shared by every test in the process (opening one per test
/// would dominate the run time on lavapipe). Validation and synchronization validation are on.
public enum TestDevice {
    nonisolated(unsafe) private static var cached: GPUDevice?

    /// The shared device; fails the calling test if Vulkan or the validation layer is missing.
    public static func shared() throws -> GPUDevice {
        if let cached { return cached }
        if ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"] == nil {
            let directory = FileManager.default.temporaryDirectory.appending(path: "vlogger-gpu-xdg").path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            setenv("XDG_RUNTIME_DIR", directory, 1)
        }
        let instance = try GPUInstance(options: .init(validation: true))
        let device = try instance.makeDevice(.fromEnvironment, options: .init(pipelineCache: .disabled))
        cached = device
        return device
    }
}

/// Base class for GPU tests: fails any test during which the validation layer said anything.
open class GPUTestCase: XCTestCase {
    public var device: GPUDevice!

    open override func setUpWithError() throws {
        try super.setUpWithError()
        device = try TestDevice.shared()
        _ = device.instance.validationLog.drain()
    }

    open override func tearDownWithError() throws {
        let overruns = OutputGuard.violations()
        XCTAssert(overruns.isEmpty, overruns.joined(separator: "\n"))
        let messages = device?.instance.validationLog.drain() ?? []
        XCTAssert(
            messages.isEmpty,
            "Vulkan validation reported \(messages.count) message(s):\n" + messages.joined(separator: "\n"))
        device = nil
        try super.tearDownWithError()
    }
}
