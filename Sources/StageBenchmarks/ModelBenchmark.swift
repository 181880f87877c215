import Foundation
import GPU
import ModelFiles
import NN

/// `vlogger-gpu bench models`: each shipped model's inference time on the device.
public struct ModelBenchmarkResult: Sendable, Encodable {
    public let model: String
    public let dispatches: Int
    /// Median GPU time of one inference (sum of its dispatches' Vulkan timestamps).
    public let gpuMilliseconds: Double
    /// Median wall time of an unprofiled inference, upload and readback included.
    public let wallMilliseconds: Double
    public let activationBytes: Int
    public let weightBytes: Int
}

public enum ModelBenchmark {
    public static let models = [
        "face_detection_short_range", "face_landmark", "selfie_segmentation", "pose_landmark_full",
    ]

    /// One warm-up run, then `iterations` profiled and `iterations` unprofiled runs on a fixed input.
    public static func run(_ model: String, device: GPUDevice, iterations: Int) throws(NNError) -> ModelBenchmarkResult
    {
        let url: URL
        do { url = try ModelLocator.url(for: model + ".tflite") } catch { throw .modelFile(error) }
        let graph = try Graph(TFLiteModel(contentsOf: url))
        guard let inputIndex = graph.inputs.first else { throw .corrupt("\(model) has no input") }
        let input = graph.tensors[inputIndex]
        let count = input.shape.reduce(1, *)
        let pixels = (0..<count).map { Float($0 % 251) / 250 }
        let session = try InferenceSession(graph, device: device, profiling: true)
        _ = try session.run(inputs: [input.name: pixels])
        var gpu: [Double] = []
        for _ in 0..<iterations {
            _ = try session.run(inputs: [input.name: pixels])
            gpu.append(session.lastTimings.reduce(0) { $0 + $1.nanoseconds } / 1e6)
        }
        session.profiling = false
        var wall: [Double] = []
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try session.run(inputs: [input.name: pixels])
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return ModelBenchmarkResult(
            model: model, dispatches: session.lastTimings.count,
            gpuMilliseconds: gpu.sorted()[gpu.count / 2], wallMilliseconds: wall.sorted()[wall.count / 2],
            activationBytes: session.activationBytes, weightBytes: session.constantBytes)
    }
}
