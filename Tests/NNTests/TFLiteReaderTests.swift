import Foundation
import Kernels
import ModelFiles
import NN
import TestSupport
import XCTest

/// The shipped models, found next to this file (Tests/NNTests -> repository root -> Models).
enum TestModels {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Models")
    static let faceDetection = folder.appending(path: "face_detection_short_range.tflite")
    static let faceLandmark = folder.appending(path: "face_landmark.tflite")
    static let selfieSegmentation = folder.appending(path: "selfie_segmentation.tflite")
    static let poseLandmark = folder.appending(path: "pose_landmark_full.tflite")
    /// Not shipped (it needs DENSIFY): a test fixture (Tests/Fixtures/models, with its NOTICE).
    static let poseDetection = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "../Fixtures/models/pose_detection.tflite").standardizedFileURL
}

final class TFLiteReaderTests: XCTestCase {
    private func signature(_ model: TFLiteModel, _ indices: [Int]) -> [String] {
        indices.map { "\(model.tensors[$0].name) \(model.tensors[$0].shape) \(model.tensors[$0].type)" }
    }

    func testFaceDetectionTensorsAndOperators() throws {
        let model = try TFLiteModel(contentsOf: TestModels.faceDetection)
        XCTAssertEqual(model.version, 3)
        XCTAssertEqual(signature(model, model.inputs), ["input [1, 128, 128, 3] FLOAT32"])
        XCTAssertEqual(
            signature(model, model.outputs), ["regressors [1, 896, 16] FLOAT32", "classificators [1, 896, 1] FLOAT32"])
        XCTAssertEqual(
            model.operatorHistogram,
            [
                "ADD": 16, "CONCATENATION": 2, "CONV_2D": 21, "DEPTHWISE_CONV_2D": 16,
                "DEQUANTIZE": 74, "MAX_POOL_2D": 3, "PAD": 11, "RELU": 17, "RESHAPE": 4,
            ])
    }

    func testFaceLandmarkTensorsAndOperators() throws {
        let model = try TFLiteModel(contentsOf: TestModels.faceLandmark)
        XCTAssertEqual(signature(model, model.inputs), ["input_1 [1, 192, 192, 3] FLOAT32"])
        XCTAssertEqual(
            signature(model, model.outputs), ["conv2d_21 [1, 1, 1, 1404] FLOAT32", "conv2d_31 [1, 1, 1, 1] FLOAT32"])
        XCTAssertEqual(
            model.operatorHistogram,
            [
                "ADD": 20, "CONV_2D": 25, "DEPTHWISE_CONV_2D": 20, "DEQUANTIZE": 113,
                "MAX_POOL_2D": 6, "PAD": 3, "PRELU": 23,
            ])
    }

    func testSelfieSegmentationTensorsAndOperators() throws {
        let model = try TFLiteModel(contentsOf: TestModels.selfieSegmentation)
        XCTAssertEqual(signature(model, model.inputs), ["input_1 [1, 256, 256, 3] FLOAT32"])
        XCTAssertEqual(signature(model, model.outputs), ["activation_10 [1, 256, 256, 1] FLOAT32"])
        XCTAssertEqual(
            model.operatorHistogram,
            [
                "ADD": 14, "AVERAGE_POOL_2D": 10, "CONV_2D": 43,
                "Convolution2DTransposeBias": 1, "DEPTHWISE_CONV_2D": 11, "DEQUANTIZE": 110,
                "HARD_SWISH": 11, "LOGISTIC": 11, "MUL": 10, "RELU": 22, "RESIZE_BILINEAR": 3,
            ])
    }

    func testPoseLandmarkTensorsAndOperators() throws {
        let model = try TFLiteModel(contentsOf: TestModels.poseLandmark)
        XCTAssertEqual(signature(model, model.inputs), ["input_1 [1, 256, 256, 3] FLOAT32"])
        XCTAssertEqual(
            signature(model, model.outputs),
            [
                "Identity [1, 195] FLOAT32", "Identity_1 [1, 1] FLOAT32", "Identity_2 [1, 256, 256, 1] FLOAT32",
                "Identity_3 [1, 64, 64, 39] FLOAT32", "Identity_4 [1, 117] FLOAT32",
            ])
        XCTAssertEqual(
            model.operatorHistogram,
            [
                "ADD": 28, "CONV_2D": 58, "DEPTHWISE_CONV_2D": 38, "DEQUANTIZE": 192,
                "LOGISTIC": 1, "MAX_POOL_2D": 2, "PAD": 5, "RESHAPE": 3, "RESIZE_BILINEAR": 5,
            ])
    }

    /// fp16 weights become Float constants; DEQUANTIZE disappears from the graph.
    func testGraphFoldsHalfPrecisionWeights() throws {
        let model = try TFLiteModel(contentsOf: TestModels.faceDetection)
        let graph = try Graph(model, fusingActivations: false)
        XCTAssertEqual(graph.nodes.count, model.operators.count - 74)
        let weights = try XCTUnwrap(graph.nodes.first).inputs[1]
        let values = try XCTUnwrap(graph.tensors[weights].constant)
        XCTAssertEqual(values.count, graph.tensors[weights].count)
        XCTAssert(values.allSatisfy { $0 == Float(Float16($0)) } && values.contains { $0 != 0 })
    }

    /// TFLite SAME padding: 5x5 stride 2 over 128 pads one row/column above/left (and two below/right).
    func testSamePaddingIsResolvedToTopLeftPadding() throws {
        let graph = try Graph(TFLiteModel(contentsOf: TestModels.faceDetection))
        guard let conv = (try XCTUnwrap(graph.nodes.first).operation as? Conv2DOp)?.conv else {
            return XCTFail("the first node of face detection is a convolution")
        }
        XCTAssertEqual(
            [conv.kernel.y, conv.kernel.x, conv.stride.y, conv.padding.y, conv.padding.x, conv.outputChannels],
            [5, 5, 2, 1, 1, 24])
    }

    /// The custom op's options (padding SAME, strides 2) match its 16 -> 1 channel, 2x2 weights and 128 -> 256 output.
    func testTransposeConvolutionOptionsMatchTheTensors() throws {
        let graph = try Graph(TFLiteModel(contentsOf: TestModels.selfieSegmentation))
        let convolutions = graph.nodes.compactMap { node -> ConvTranspose2D? in
            (node.operation as? TransposeConv2DOp)?.conv
        }
        XCTAssertEqual(convolutions.count, 1)
        let conv = try XCTUnwrap(convolutions.first)
        XCTAssertEqual(
            [
                conv.inputChannels, conv.outputChannels, conv.kernel.y, conv.kernel.x, conv.stride.y, conv.stride.x,
                conv.padding.y, conv.padding.x,
            ], [16, 1, 2, 2, 2, 2, 0, 0])
    }

    /// Fusing RELU / LOGISTIC / HARD_SWISH into the op before them drops nodes but not a single bit of the result.
    func testFusedActivationsGiveIdenticalResults() throws {
        for url in [TestModels.faceDetection, TestModels.selfieSegmentation] {
            let model = try TFLiteModel(contentsOf: url)
            let fused = try Graph(model)
            let plain = try Graph(model, fusingActivations: false)
            XCTAssertLessThan(fused.nodes.count, plain.nodes.count, url.lastPathComponent)
            let input = plain.tensors[plain.inputs[0]]
            let pixels = [input.name: SyntheticImage.pixels(shape: input.shape, seed: 7)]
            XCTAssertEqual(
                try CPUGraphRunner(fused).run(inputs: pixels), try CPUGraphRunner(plain).run(inputs: pixels),
                url.lastPathComponent)
        }
    }

    func testUnsupportedOperatorIsNamed() throws {
        let model = try TFLiteModel(contentsOf: TestModels.poseDetection)
        XCTAssertEqual(model.operatorHistogram["DENSIFY"].map { $0 > 0 }, true)
        XCTAssertThrowsError(try Graph(model)) { error in
            XCTAssertEqual(error as? NNError, .unsupportedOperator("DENSIFY"))
            XCTAssert("\(error)".contains("DENSIFY"))
        }
    }

    func testTruncatedFilesAreCorrupt() throws {
        let bytes = [UInt8](try Data(contentsOf: TestModels.faceDetection))
        for length in [0, 7, 8, 12, 64, 1000, 20_000, bytes.count / 2, bytes.count * 3 / 4] {
            XCTAssertThrowsError(try Graph(TFLiteModel(bytes: Array(bytes.prefix(length)))), "\(length) bytes") {
                error in
                guard case .corrupt = error as? NNError else { return XCTFail("\(length) bytes: \(error)") }
            }
        }
    }

    func testDamagedOffsetsAreCorrupt() throws {
        let bytes = [UInt8](try Data(contentsOf: TestModels.faceDetection))
        var badRoot = bytes
        badRoot.replaceSubrange(0..<4, with: [0xF0, 0xFF, 0xFF, 0x7F])
        var badIdentifier = bytes
        badIdentifier[4] = UInt8(ascii: "X")
        for (what, damaged) in [("root offset", badRoot), ("identifier", badIdentifier)] {
            XCTAssertThrowsError(try TFLiteModel(bytes: damaged), what) { error in
                guard case .corrupt = error as? NNError else { return XCTFail("\(what): \(error)") }
            }
        }
        // Words of the first 1.5 KB (tables, vtables, offsets), then seeded random words anywhere,
        // overwritten: errors or a still-valid model, never a trap.
        var random = SeededRandom(seed: 5)
        let positions =
            Array(stride(from: 8, to: 1536, by: 12))
            + (0..<150).map { _ in Int.random(in: 8..<(bytes.count - 4), using: &random) }
        for position in positions {
            var damaged = bytes
            let word = position < 1536 ? 0x7FFF_FFFF : UInt32.random(in: 0...UInt32.max, using: &random)
            damaged.replaceSubrange(
                position..<position + 4, with: withUnsafeBytes(of: UInt32(word).littleEndian, Array.init))
            _ = try? Graph(TFLiteModel(bytes: damaged))
        }
    }

    func testMissingFileIsUnreadable() {
        XCTAssertThrowsError(try TFLiteModel(contentsOf: URL(fileURLWithPath: "/nonexistent/model.tflite"))) { error in
            guard case .unreadable(let path, _) = error as? NNError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent/model.tflite")
        }
    }

    func testCorruptModelFileIsNamedInTheError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "not-a-model-\(UUID().uuidString).tflite")
        try Data("%PDF-1.4 this is not a model".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try TFLiteModel(contentsOf: url)) { error in
            guard case .corruptModel(let path, _) = error as? NNError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, url.path)
            XCTAssertTrue("\(error)".contains(url.path), "\(error)")
        }
    }

    func testModelFolderThatDoesNotExistIsAnError() {
        XCTAssertThrowsError(
            try ModelLocator.requireNamedFolder(environment: ["VLOGGER_MODELS": "/nonexistent/models"])
        ) { error in
            XCTAssertEqual(error as? ModelFileError, .folderMissing(path: "/nonexistent/models"))
        }
        XCTAssertNoThrow(try ModelLocator.requireNamedFolder(environment: ["VLOGGER_MODELS": TestModels.folder.path]))
        XCTAssertNoThrow(try ModelLocator.requireNamedFolder(environment: [:]))
    }

    func testModelLocatorHonoursEnvironment() throws {
        let paths = ModelLocator.searchPaths(environment: ["VLOGGER_MODELS": TestModels.folder.path])
        XCTAssertEqual(paths.first?.path, TestModels.folder.path)
    }
}
