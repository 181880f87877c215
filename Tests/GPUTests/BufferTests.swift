import GPU
import TestSupport
import XCTest

final class BufferTests: GPUTestCase {
    func testWriteThenReadRoundTripsAtAnOffset() throws {
        let buffer = try device.makeBuffer(byteCount: 64)
        try buffer.write([1, 2, 3] as [Float], at: 8)
        XCTAssertEqual(try buffer.read(Float.self, count: 3, at: 8), [1, 2, 3])
    }

    func testOutOfRangeAccessIsRejected() throws {
        let buffer = try device.makeBuffer(byteCount: 8)
        assertInvalidArgument(try buffer.write([1, 2, 3] as [Float]))
        assertInvalidArgument(try buffer.read(Float.self, count: 3))
        assertInvalidArgument(try device.makeBuffer(byteCount: 0))
    }

    func testReleasedBuffersAreReusedInsteadOfReallocated() throws {
        device.trimPool()
        let before = device.poolStatistics
        for _ in 0..<20 {
            _ = try device.makeBuffer(byteCount: 10_000)
            _ = try device.makeBuffer(byteCount: 9_000) // same size class as 10_000
        }
        let after = device.poolStatistics
        XCTAssertEqual(after.allocations - before.allocations, 1, "one allocation should serve every iteration")
        XCTAssertGreaterThanOrEqual(after.reuses - before.reuses, 39)
    }

    func testStagingPathMatchesMappedPath() throws {
        let staged = try device.instance.makeDevice(
            .index(device.info.index),
            options: .init(forceStagingTransfers: true, pipelineCache: .disabled))
        let values = (0..<1000).map(Float.init)
        let buffer = try staged.makeBuffer(values)
        XCTAssertEqual(try buffer.read(Float.self), values)
        try buffer.write([42] as [Float], at: 400)
        XCTAssertEqual(try buffer.read(Float.self, count: 1, at: 400), [42])
    }
}
