import GPU
import Kernels
import TestSupport
import XCTest

final class GroupNormConformanceTests: GPUTestCase {
    /// One normalization: which of gamma and beta it applies, and the activation after.
    private struct Case {
        var shape: [Int]
        var groups: Int
        var gamma = false, beta = false
        var activation = Activation.none
    }

    /// Checks every case on values in `range` with gammas in `gammas` and betas in -1...1.
    private func check(
        _ cases: [Case], in range: ClosedRange<Float>, gammas: ClosedRange<Float> = 0.5...2,
        seed: UInt64, dataTypes: [DataType]? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        checkKernel("GroupNorm", cases, seed: seed, dataTypes: dataTypes, file: file, line: line) { norm, random in
            let channels = norm.shape[3]
            let (x, gamma, beta) = (
                random.floats(norm.shape.reduce(1, *), in: range),
                random.floats(channels, in: gammas), random.floats(channels, in: -1...1)
            )
            return (x: x, gamma: norm.gamma ? gamma : nil, beta: norm.beta ? beta : nil)
        } reference: { norm, x in
            GroupNorm.reference(
                x.x, shape: norm.shape, groups: norm.groups, activation: norm.activation,
                gamma: x.gamma, beta: x.beta)
        } gpu: { norm, x, run in
            try GroupNorm(groups: norm.groups, activation: norm.activation, dataType: run.dataType).encode(
                on: run.stream, input: run.tensor(x.x), shape: norm.shape, output: run.output,
                gamma: run.tensor(x.gamma), beta: run.tensor(x.beta))
        }
    }

    func testGroupingsAndAffineOptionsMatchReference() throws {
        // Channel counts with and without vec4 access, groups of 1, 2, 4 and more channels,
        // pixel counts below, at and above one 64-pixel chunk.
        let groupings: [([Int], Int)] = [
            ([1, 1, 1, 4], 2), ([2, 5, 7, 12], 3), ([1, 9, 11, 8], 4), ([2, 3, 5, 6], 3), ([1, 13, 13, 3], 1),
            ([1, 17, 19, 32], 32), ([1, 9, 10, 20], 5), ([1, 8, 8, 16], 4), ([2, 33, 31, 24], 6),
        ]
        let options: [(gamma: Bool, beta: Bool, activation: Activation)] = [
            (true, true, .silu), (true, false, .none), (false, true, .relu), (false, false, .none),
        ]
        // Two of the four options per grouping, rotating, so every option meets several groupings.
        check(
            groupings.enumerated().flatMap { index, grouping in
                [options[index % 4], options[(index + 1) % 4]].map {
                    Case(
                        shape: grouping.0, groups: grouping.1, gamma: $0.gamma, beta: $0.beta, activation: $0.activation
                    )
                }
            }, in: -2...4, seed: 30)
    }

    func testLargeImageMatchesReference() throws {
        check(
            [Case(shape: [1, 96, 80, 64], groups: 32, gamma: true, beta: true, activation: .silu)], in: -3...3,
            gammas: 0.5...1.5, seed: 31)
    }

    func testGroupsWithLargeMeanAndSmallSpreadKeepPrecision() throws {
        // 1000 + noise in -0.01...0.01, fp32 only: fp16 could not hold the noise.
        check(
            [Case(shape: [1, 16, 16, 8], groups: 2), Case(shape: [2, 9, 7, 6], groups: 3)], in: 999.99...1000.01,
            seed: 32, dataTypes: [.float32])
    }

    func testRunsInPlaceWithCallerScratch() throws {
        var random = SeededRandom(seed: 33)
        let shape = [2, 7, 9, 8]
        let x = random.floats(shape.reduce(1, *), in: -2...2)
        let buffer = try device.tensor(x)
        let scratch = try device.makeBuffer(
            byteCount: GroupNorm.scratchByteCount(shape: shape, groups: 4, device: device))
        let stream = try device.makeStream()
        try GroupNorm(groups: 4, activation: .silu).encode(
            on: stream, input: buffer, shape: shape, output: buffer,
            scratch: scratch)
        try stream.submitAndWait()
        assertConforms(
            try buffer.floats(x.count), GroupNorm.reference(x, shape: shape, groups: 4, activation: .silu),
            .fp32, "group norm in place")
    }

    func testRejectsIndivisibleChannelsWrongRankAndSmallScratch() throws {
        let buffer = try device.tensor([Float](repeating: 1, count: 64))
        let stream = try device.makeStream()
        assertInvalidArgument(
            try GroupNorm(groups: 3).encode(on: stream, input: buffer, shape: [1, 2, 2, 8], output: buffer))
        assertInvalidArgument(
            try GroupNorm(groups: 2).encode(on: stream, input: buffer, shape: [4, 4, 4], output: buffer))
        assertInvalidArgument(
            try GroupNorm(groups: 2).encode(
                on: stream, input: buffer, shape: [1, 2, 2, 8], output: buffer,
                scratch: try device.makeBuffer(byteCount: 16)))
    }
}
