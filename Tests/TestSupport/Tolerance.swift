import XCTest

/// The conformance tolerances of docs/ARCHITECTURE.md.
public enum Tolerance: Sendable {
    /// fp32: max |gpu - cpu| <= 1e-4 * max(1, max |cpu|).
    case fp32
    /// fp16 storage: <= 1e-2 relative, i.e. 1e-2 * max(1, max |cpu|).
    case fp16

    public var relative: Float { self == .fp32 ? 1e-4 : 1e-2 }

    /// The largest allowed absolute error for a reference with values `reference`.
    public func bound(for reference: [Float]) -> Float {
        relative * Swift.max(1, reference.lazy.map(abs).max() ?? 0)
    }
}

/// Asserts `gpu` matches `cpu` within `tolerance`; the message names the worst element.
public func assertConforms(
    _ gpu: [Float], _ cpu: [Float], _ tolerance: Tolerance = .fp32, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    guard gpu.count == cpu.count else {
        XCTFail("\(what): GPU gave \(gpu.count) values, CPU \(cpu.count)", file: file, line: line)
        return
    }
    let bound = tolerance.bound(for: cpu)
    let worst = LargestDifference(gpu, cpu)
    XCTAssert(
        worst.isWithin(bound),
        "\(what): max |gpu - cpu| = \(worst.value) at \(worst.index) (gpu \(gpu.isEmpty ? 0 : gpu[worst.index]), cpu \(cpu.isEmpty ? 0 : cpu[worst.index])) exceeds \(bound)",
        file: file, line: line)
}
