import Foundation
import NN
import XCTest

/// The safetensors reader: exact values for F32 and F16, and a clear error for every kind of damage.
final class SafeTensorsFileTests: XCTestCase {
    /// A file with the given header entries (JSON text) and data bytes.
    private func file(header: String, data: [UInt8]) -> Data {
        let json = Array(header.utf8)
        let length = UInt64(json.count)
        return Data((0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json + data)
    }

    private func littleEndian(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
    }

    private func littleEndian(_ values: [Float16]) -> [UInt8] {
        values.flatMap { value in (0..<2).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
    }

    private var valid: Data {
        let weights: [Float] = [1, -2.5, 3.25, 0, 1e-8, -7]
        let bias: [Float16] = [0.5, -1.5]
        return file(
            header: #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"#
                + #""b":{"dtype":"F16","shape":[2],"data_offsets":[24,28]}}"#,
            data: littleEndian(weights) + littleEndian(bias))
    }

    private func assertDamaged(_ data: Data, mentioning words: String, line: UInt = #line) {
        XCTAssertThrowsError(try SafeTensorsFile(data: data, path: "w.safetensors"), line: line) { error in
            guard case .corruptWeights(path: "w.safetensors", let detail)? = error as? NNError else {
                return XCTFail("\(error)", line: line)
            }
            XCTAssertTrue(detail.contains(words), "\(detail) does not mention \(words)", line: line)
        }
    }

    func testReadsFloat32AndFloat16TensorsAndTheMetadata() throws {
        let weights = try SafeTensorsFile(data: valid, path: "w.safetensors")
        XCTAssertEqual(try weights.floats("w", shape: [2, 3]), [1, -2.5, 3.25, 0, 1e-8, -7])
        XCTAssertEqual(try weights.floats("b", shape: [2]), [0.5, -1.5])
        XCTAssertEqual(weights.metadata, ["format": "pt"])
        XCTAssertEqual(weights.tensors["w"]?.dataType, .float32)
    }

    func testAMissingTensorOrAnotherShapeIsNamed() throws {
        let weights = try SafeTensorsFile(data: valid, path: "w.safetensors")
        XCTAssertThrowsError(try weights.floats("gamma", shape: [2])) { error in
            XCTAssertEqual(error as? NNError, .corruptWeights(path: "w.safetensors", detail: "it has no tensor gamma"))
        }
        XCTAssertThrowsError(try weights.floats("w", shape: [3, 2])) { error in
            XCTAssertEqual(
                error as? NNError,
                .corruptWeights(path: "w.safetensors", detail: "tensor w has the shape [2, 3], not [3, 2]"))
        }
    }

    func testEachKindOfDamageIsAClearError() {
        assertDamaged(Data([1, 2, 3]), mentioning: "shorter than the 8-byte header length")
        assertDamaged(file(header: "{}", data: []).prefix(9), mentioning: "a header of 2 bytes")
        var huge = valid
        huge[7] = 0x7F
        assertDamaged(huge, mentioning: "a header of")
        assertDamaged(file(header: "[1, 2]", data: []), mentioning: "not a JSON object")
        assertDamaged(file(header: "{\"w\": ", data: []), mentioning: "not valid JSON")
        assertDamaged(
            file(
                header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}"#,
                data: Array(repeating: 0, count: 12)),
            mentioning: "claims bytes 0..<12 for 2 F32 values")
        assertDamaged(
            file(
                header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: Array(repeating: 0, count: 8)
            ),
            mentioning: "claims bytes 4..<12")
        assertDamaged(
            file(
                header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                    + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                data: Array(repeating: 0, count: 12)),
            mentioning: "overlaps another")
        assertDamaged(
            file(
                header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: Array(repeating: 0, count: 8)),
            mentioning: "bytes 0..<4 belong to no tensor")
        assertDamaged(
            file(
                header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 6)),
            mentioning: "bytes 4..<6 belong to no tensor")
        assertDamaged(
            file(
                header: #"{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)),
            mentioning: "dtype I64")
        assertDamaged(
            file(
                header: #"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#,
                data: Array(repeating: 0, count: 8)),
            mentioning: "has the shape")
        assertDamaged(
            file(header: #"{"w":{"dtype":"F32","shape":[1]}}"#, data: Array(repeating: 0, count: 4)),
            mentioning: "lacks a dtype, shape or data_offsets")
    }

    func testEveryTruncationOfAValidFileIsRefused() {
        let whole = valid
        for length in 0..<whole.count {
            XCTAssertThrowsError(try SafeTensorsFile(data: whole.prefix(length), path: "cut"), "\(length) bytes") {
                error in
                guard case .corruptWeights? = error as? NNError else { return XCTFail("\(length) bytes: \(error)") }
            }
        }
    }
}
