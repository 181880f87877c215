import Foundation
import GPU
import Kernels
import ModelFiles
import NN

/// One model ready to run: its session on the device and how its input is cut from the photo.
struct ModelRunner {
    let session: InferenceSession
    let inputName: String
    /// Square input side in pixels.
    let inputSize: Int
    let crop: AffineCrop

    init(file: String, inputSize: Int, crop: AffineCrop, device: GPUDevice) throws(NNError) {
        let url: URL
        do { url = try ModelLocator.url(for: file) } catch { throw .modelFile(error) }
        let graph = try Graph(TFLiteModel(contentsOf: url))
        guard let input = graph.inputs.first else { throw .corrupt("\(file) has no input tensor") }
        session = try InferenceSession(graph, device: device)
        inputName = graph.tensors[input].name
        self.inputSize = inputSize
        self.crop = crop
    }

    /// Resamples `region` of the photo into the model's input on the GPU and runs the model.
    func run(on photo: PhotoBuffer, region: RotatedRect) throws(NNError) -> [String: [Float]] {
        let device = session.device
        let input: [Float]
        do {
            let tensor = try device.makeBuffer(byteCount: inputSize * inputSize * 3 * 4)
            let stream = try device.makeStream()
            try crop.encode(
                on: stream, image: photo.buffer, width: photo.width, height: photo.height,
                transform: region.cropTransform(outputSize: inputSize), output: tensor,
                outputWidth: inputSize, outputHeight: inputSize)
            try stream.submitAndWait()
            input = try tensor.read(Float.self, count: inputSize * inputSize * 3)
        } catch {
            throw .gpu(error)
        }
        return try session.run(inputs: [inputName: input])
    }

    /// GPU time of the last run's model dispatches, in milliseconds (0 unless profiling).
    var lastMilliseconds: Double { session.lastTimings.reduce(0) { $0 + $1.nanoseconds } / 1e6 }
}

/// A photo on the GPU as [height, width, 3] floats in 0...255, the form every crop reads.
public struct PhotoBuffer {
    public let buffer: GPUBuffer
    public let width: Int
    public let height: Int

    /// Uploads 8-bit RGB pixels.
    public init(pixels: [UInt8], width: Int, height: Int, device: GPUDevice) throws(GPUError) {
        guard width > 0, height > 0, pixels.count == width * height * 3 else {
            throw .invalidArgument("a \(width)x\(height) photo needs \(width * height * 3) bytes, got \(pixels.count)")
        }
        buffer = try device.makeBuffer(pixels.map(Float.init))
        self.width = width
        self.height = height
    }

    /// The smallest square around the whole photo (letterboxing it for square model inputs).
    public var letterbox: RotatedRect {
        let side = Float(max(width, height))
        return RotatedRect(centerX: Float(width) / 2, centerY: Float(height) / 2, width: side, height: side)
    }
}
