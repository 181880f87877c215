import Foundation

/// One model's golden fixtures under Tests/Fixtures/golden/<model>/, written by
/// Tests/Fixtures/make_golden.py (ai-edge-litert reference outputs; see Tests/Fixtures/README.md).
public struct GoldenFixture: Sendable {
    public struct Tensor: Codable, Sendable {
        public let name: String
        public let tensorIndex: Int
        public let shape: [Int]
        public let dtype: String
        public var count: Int { shape.reduce(1, *) }
        enum CodingKeys: String, CodingKey {
            case name
            case tensorIndex = "tensor_index"
            case shape, dtype
        }
    }

    public struct Normalization: Codable, Sendable {
        /// Tensor value range for pixels 0...255: t = p * (hi - lo) / 255 + lo.
        public let tensorRange: [Double]
        public let formula: String
        enum CodingKeys: String, CodingKey {
            case tensorRange = "tensor_range"
            case formula
        }
    }

    public struct Case: Codable, Sendable {
        public let name: String
        public let inputFile: String
        public let outputFiles: [String]
        enum CodingKeys: String, CodingKey {
            case name
            case inputFile = "input_file"
            case outputFiles = "output_files"
        }
    }

    public struct Manifest: Codable, Sendable {
        public let model: String
        public let modelFile: String
        public let modelSHA256: String
        public let inputNormalization: Normalization
        public let input: Tensor
        public let outputs: [Tensor]
        public let cases: [Case]
        enum CodingKeys: String, CodingKey {
            case model
            case modelFile = "model_file"
            case modelSHA256 = "model_sha256"
            case inputNormalization = "input_normalization"
            case input, outputs, cases
        }
    }

    public struct Loaded: Sendable {
        public let input: [Float]
        /// In the model's subgraph-output order, the same order as `Manifest.outputs`.
        public let outputs: [[Float]]
    }

    public let folder: URL
    public let manifest: Manifest

    /// Tests/Fixtures/golden, found from this source file's path.
    public static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden")
    }

    /// `model`: face_detection_short_range, face_landmark, selfie_segmentation or pose_landmark_full.
    public init(model: String, root: URL = GoldenFixture.root) throws {
        folder = root.appendingPathComponent(model)
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        manifest = try JSONDecoder().decode(Manifest.self, from: data)
    }

    /// The input tensor and every output tensor of case `name` ("astronaut" or "synthetic").
    public func load(case name: String) throws -> Loaded {
        guard let entry = manifest.cases.first(where: { $0.name == name }) else {
            throw GoldenFixtureError("\(manifest.model) has no golden case \(name)")
        }
        let input = try readFloats(entry.inputFile, count: manifest.input.count)
        let outputs = try zip(entry.outputFiles, manifest.outputs).map { try readFloats($0, count: $1.count) }
        return Loaded(input: input, outputs: outputs)
    }

    /// A raw little-endian float32 file of exactly `count` values.
    func readFloats(_ file: String, count: Int) throws -> [Float] {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        guard data.count == count * 4 else {
            throw GoldenFixtureError("\(file) holds \(data.count) bytes, expected \(count * 4)")
        }
        return data.withUnsafeBytes { raw in
            (0..<count).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }
}

public struct GoldenFixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
