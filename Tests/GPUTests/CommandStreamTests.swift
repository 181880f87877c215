import GPU
import Kernels
import TestSupport
import XCTest

final class CommandStreamTests: GPUTestCase {
    func testIndependentDispatchesShareABarrierFreeBatchAndDependentOnesGetOne() throws {
        let input = try device.tensor([-1, 2, -3, 4])
        let first = try device.tensor(count: 4)
        let second = try device.tensor(count: 4)
        let third = try device.tensor(count: 4)
        let stream = try device.makeStream()
        try Unary(.relu).encode(on: stream, input: input, output: first, count: 4)
        try Unary(.sigmoid).encode(on: stream, input: input, output: second, count: 4)
        XCTAssertEqual(
            stream.barriersRecorded, 0, "two readers of one buffer writing different outputs need no barrier")
        try Unary(.tanh).encode(on: stream, input: first, output: third, count: 4) // reads what the first wrote
        XCTAssertEqual(stream.barriersRecorded, 1)
        try Unary(.relu).encode(on: stream, input: second, output: first, count: 4) // overwrites what tanh reads
        XCTAssertEqual(stream.barriersRecorded, 2)
        try stream.submitAndWait()
        assertConforms(try third.floats(4), [0, 2, 0, 4].map { Float(tanh(Double($0))) }, .fp32, "relu then tanh")
    }

    func testProfilingReportsOneTimingPerDispatchWithItsLabel() throws {
        try XCTSkipIf(device.info.limits.timestampPeriod == 0, "device has no timestamps")
        let input = try device.tensor([Float](repeating: 1, count: 4096))
        let output = try device.tensor(count: 4096)
        let stream = try device.makeStream(profiling: true)
        for _ in 0..<3 { try Unary(.gelu).encode(on: stream, input: input, output: output, count: 4096) }
        try stream.submitAndWait()
        let timings = try stream.timings()
        XCTAssertEqual(timings.map(\.label), Array(repeating: "unary.gelu", count: 3))
        XCTAssertTrue(timings.allSatisfy { $0.nanoseconds > 0 })
    }

    func testAStreamCannotBeRecordedIntoAfterSubmit() throws {
        let buffer = try device.tensor([1])
        let stream = try device.makeStream()
        try stream.submitAndWait()
        assertInvalidArgument(try Unary(.relu).encode(on: stream, input: buffer, output: buffer, count: 1))
    }

    func testAKernelRejectsACountLargerThanItsBuffersBeforeRecording() throws {
        let buffer = try device.tensor([1, 2])
        let stream = try device.makeStream()
        assertInvalidArgument(try Unary(.relu).encode(on: stream, input: buffer, output: buffer, count: 3))
        try stream.submitAndWait()
    }

    func testBindingLargerThanTheDeviceRangeIsAClearError() throws {
        let range = Int(device.info.limits.maxStorageBufferRange)
        try XCTSkipIf(range > 1 << 30, "device allows huge bindings")
        let count = range / 4 + 1024
        let big = try device.makeBuffer(byteCount: count * 4)
        let stream = try device.makeStream()
        XCTAssertThrowsError(try Unary(.relu).encode(on: stream, input: big, output: big, count: count)) { error in
            guard case GPUError.unsupported(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("maxStorageBufferRange"), message)
        }
        try stream.submitAndWait()
    }

    func testFillAndCopy() throws {
        let source = try device.makeBuffer(byteCount: 64)
        let destination = try device.makeBuffer(byteCount: 64)
        let stream = try device.makeStream()
        try stream.fill(source, with: Float(3).bitPattern)
        try stream.copy(from: source, sourceOffset: 16, to: destination, byteCount: 32)
        try stream.submitAndWait()
        XCTAssertEqual(try destination.read(Float.self, count: 8), Array(repeating: 3, count: 8))
    }
}
