import GPU
import Kernels
import TestSupport
import XCTest

final class GroupNormConformanceTests: GPUTestCase {
    private func run(_ x: [Float], shape: [Int], groups: Int, activation: Activation = .none,
                     gamma: [Float]? = nil, beta: [Float]? = nil, as dataType: DataType = .float32,
                     inPlace: Bool = false, scratch: GPUBuffer? = nil) throws -> [Float] {
        let input = try device.tensor(x, as: dataType)
        let output = inPlace ? input : try device.tensor(count: x.count, as: dataType)
        let stream = try device.makeStream()
        try GroupNorm(groups: groups, activation: activation, dataType: dataType).encode(
            on: stream, input: input, shape: shape, output: output,
            gamma: try gamma.map { try device.tensor($0, as: dataType) },
            beta: try beta.map { try device.tensor($0, as: dataType) }, scratch: scratch)
        try stream.submitAndWait()
        return try output.floats(x.count, as: dataType)
    }

    func testGroupingsAndAffineOptionsMatchReference() throws {
        var random = SeededRandom(seed: 30)
        // Channel counts with and without vec4 access, groups of 1, 2, 4 and more channels,
        // pixel counts below, at and above one 64-pixel chunk.
        let cases: [([Int], Int)] = [
            ([1, 1, 1, 4], 2), ([2, 5, 7, 12], 3), ([1, 9, 11, 8], 4), ([2, 3, 5, 6], 3), ([1, 13, 13, 3], 1),
            ([1, 17, 19, 32], 32), ([1, 9, 10, 20], 5), ([1, 8, 8, 16], 4), ([2, 33, 31, 24], 6),
        ]
        let options: [(gamma: Bool, beta: Bool, activation: Activation)] = [
            (true, true, .silu), (true, false, .none), (false, true, .relu), (false, false, .none),
        ]
        for dataType in testedDataTypes(device) {
            for (caseIndex, (shape, groups)) in cases.enumerated() {
                let x = random.floats(shape.reduce(1, *), in: -2...4).roundedToHalf
                let gamma = random.floats(shape[3], in: 0.5...2).roundedToHalf
                let beta = random.floats(shape[3], in: -1...1).roundedToHalf
                // Two of the four options per case, rotating, so every option meets several groupings.
                for option in [options[caseIndex % 4], options[(caseIndex + 1) % 4]] {
                    let g = option.gamma ? gamma : nil, b = option.beta ? beta : nil
                    assertConforms(
                        try run(x, shape: shape, groups: groups, activation: option.activation, gamma: g, beta: b, as: dataType),
                        GroupNorm.reference(x, shape: shape, groups: groups, activation: option.activation, gamma: g, beta: b),
                        dataType == .float32 ? .fp32 : .fp16,
                        "group norm \(shape) groups \(groups) \(option) \(dataType)")
                }
            }
        }
    }

    func testLargeImageMatchesReference() throws {
        var random = SeededRandom(seed: 31)
        let shape = [1, 96, 80, 64]
        let x = random.floats(shape.reduce(1, *), in: -3...3).roundedToHalf
        let gamma = random.floats(64, in: 0.5...1.5).roundedToHalf
        for dataType in testedDataTypes(device) {
            assertConforms(try run(x, shape: shape, groups: 32, activation: .silu, gamma: gamma, beta: gamma, as: dataType),
                           GroupNorm.reference(x, shape: shape, groups: 32, activation: .silu, gamma: gamma, beta: gamma),
                           dataType == .float32 ? .fp32 : .fp16, "group norm \(shape) \(dataType)")
        }
    }

    func testGroupsWithLargeMeanAndSmallSpreadKeepPrecision() throws {
        var random = SeededRandom(seed: 32)
        for (shape, groups) in [([1, 16, 16, 8], 2), ([2, 9, 7, 6], 3)] {
            let x = random.floats(shape.reduce(1, *), in: -0.01...0.01).map { 1000 + $0 }
            assertConforms(try run(x, shape: shape, groups: groups), GroupNorm.reference(x, shape: shape, groups: groups),
                           .fp32, "group norm of 1000 + noise \(shape)")
        }
    }

    func testRunsInPlaceWithCallerScratch() throws {
        var random = SeededRandom(seed: 33)
        let shape = [2, 7, 9, 8]
        let x = random.floats(shape.reduce(1, *), in: -2...2)
        let scratch = try device.makeBuffer(byteCount: GroupNorm.scratchByteCount(shape: shape, groups: 4, device: device))
        assertConforms(try run(x, shape: shape, groups: 4, activation: .silu, inPlace: true, scratch: scratch),
                       GroupNorm.reference(x, shape: shape, groups: 4, activation: .silu), .fp32, "group norm in place")
    }

    func testRejectsIndivisibleChannelsWrongRankAndSmallScratch() throws {
        let buffer = try device.tensor([Float](repeating: 1, count: 64))
        let stream = try device.makeStream()
        assertInvalidArgument(try GroupNorm(groups: 3).encode(on: stream, input: buffer, shape: [1, 2, 2, 8], output: buffer))
        assertInvalidArgument(try GroupNorm(groups: 2).encode(on: stream, input: buffer, shape: [4, 4, 4], output: buffer))
        assertInvalidArgument(try GroupNorm(groups: 2).encode(on: stream, input: buffer, shape: [1, 2, 2, 8], output: buffer,
                                                             scratch: try device.makeBuffer(byteCount: 16)))
    }
}
