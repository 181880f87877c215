import GPU
import XCTest

/// Asserts that `expression` throws `GPUError.invalidArgument`, the error a kernel or the runtime gives for shapes,
/// sizes or settings that do not fit, and not another failure (a Vulkan error, a missing shader) that a bare
/// `XCTAssertThrowsError` would accept as well.
public func assertInvalidArgument<T>(
    _ expression: @autoclosure () throws -> T, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    assertThrows(try expression(), "an invalid argument", message(), file: file, line: line) {
        if case .invalidArgument = $0 as? GPUError { true } else { false }
    }
}

/// Asserts that `expression` throws `GPUError.unsupported`: a request the device cannot serve (a buffer larger
/// than one binding may address, a workgroup larger than the device allows).
public func assertUnsupported<T>(
    _ expression: @autoclosure () throws -> T, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    assertThrows(try expression(), "an unsupported request", message(), file: file, line: line) {
        if case .unsupported = $0 as? GPUError { true } else { false }
    }
}

/// Asserts that `expression` throws an error `matches` accepts; `expected` names it in the failure message.
public func assertThrows<T>(
    _ expression: @autoclosure () throws -> T, _ expected: String, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line, matches: (any Error) -> Bool
) {
    do {
        _ = try expression()
        XCTFail("expected \(expected), nothing was thrown. \(message())", file: file, line: line)
    } catch {
        XCTAssert(matches(error), "expected \(expected), got \(error). \(message())", file: file, line: line)
    }
}
