import Foundation
import GPU
import Kernels
import TestSupport
import XCTest

final class PipelineCacheTests: GPUTestCase {
    func testPipelinesPersistToTheCacheDirectoryAndReload() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vlogger-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let cached = try device.instance.makeDevice(
                .index(device.info.index),
                options: .init(pipelineCache: .directory(directory.path)))
            let buffer = try cached.makeBuffer([1, -1] as [Float])
            let stream = try cached.makeStream()
            try Unary(.relu).encode(on: stream, input: buffer, output: buffer, count: 2)
            try stream.submitAndWait()
        } // closing the device writes the cache
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(files.count, 1)
        let file = directory.appending(path: files[0])
        // The file is a VkPipelineCache blob: its header names this device (vendor and device IDs).
        let header = try Data(contentsOf: file)
        XCTAssertGreaterThanOrEqual(header.count, 32)
        let words = header.prefix(16).withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
        XCTAssertEqual(words[2], device.info.vendorID)
        XCTAssertEqual(words[3], device.info.deviceID)

        // A corrupt cache file is ignored, not fatal.
        try Data("not a pipeline cache".utf8).write(to: file)
        let reopened = try device.instance.makeDevice(
            .index(device.info.index),
            options: .init(pipelineCache: .directory(directory.path)))
        let buffer = try reopened.makeBuffer([-2] as [Float])
        let stream = try reopened.makeStream()
        try Unary(.relu).encode(on: stream, input: buffer, output: buffer, count: 1)
        try stream.submitAndWait()
        XCTAssertEqual(try buffer.read(Float.self), [0])
    }
}
