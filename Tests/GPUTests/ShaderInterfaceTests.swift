import GPU
import ShaderLibrary
import TestSupport
import XCTest

/// Every kernel's pipeline built with the layout the build reflected from its SPIR-V (`Shader`). The validation
/// layer, on in every test, reports a layout that lacks a binding the shader uses or a push-constant range shorter
/// than its block, and any message fails the test.
final class ShaderInterfaceTests: GPUTestCase {
    func testEveryKernelBuildsWithTheLayoutItsSPIRVDeclares() throws {
        for shader in Shader.allCases {
            if shader == .rasterizeInt64 && !device.features.int64Atomics { continue }
            var names = [shader.rawValue]
            if device.features.storage16Bit, ShaderLibrary.spirv(named: shader.rawValue + ".fp16") != nil {
                names.append(shader.rawValue + ".fp16")
            }
            for name in names {
                let words = try XCTUnwrap(ShaderLibrary.spirv(named: name), name)
                XCTAssertNoThrow(
                    try device.pipeline(
                        ShaderSource(name: name, words: words), bindings: shader.bindings,
                        pushConstantBytes: shader.pushConstantBytes), name)
            }
        }
    }

    func testEveryEmbeddedShaderIsACaseAndNoCaseLacksItsSPIRV() {
        let embedded = Set(ShaderLibrary.names.filter { !$0.contains(".") })
        XCTAssertEqual(Set(Shader.allCases.map(\.rawValue)), embedded)
        XCTAssertEqual(Shader.conv2d.bindings, 4) // input, weights, bias, output
        XCTAssertEqual(Shader.unary.pushConstantBytes, 4) // one uint count
    }
}
