import GPU
import Kernels
import TestSupport
import XCTest

final class TeardownTests: GPUTestCase {
    /// The validation layer's object tracker reports every Vulkan object still alive when a device
    /// is destroyed; GPUTestCase fails the test on any such message.
    func testClosingADeviceAfterRealWorkLeavesNoVulkanObjectsBehind() throws {
        do {
            let scoped = try device.instance.makeDevice(
                .index(device.info.index), options: .init(pipelineCache: .disabled))
            let a = try scoped.makeBuffer([Float](repeating: 1, count: 64 * 64))
            let c = try scoped.makeBuffer(byteCount: 64 * 64 * 4)
            let stream = try scoped.makeStream(profiling: true)
            try GEMM().encode(on: stream, a: a, b: a, c: c, shape: GEMM.Shape(m: 64, n: 64, k: 64))
            try Unary(.relu).encode(on: stream, input: c, output: c, count: 64 * 64)
            try stream.submitAndWait()
            XCTAssertEqual(try c.read(Float.self, count: 1), [64])
            _ = try scoped.makeStream() // recorded into, never submitted
        }
        XCTAssertEqual(device.instance.validationLog.messages, [])
    }
}
