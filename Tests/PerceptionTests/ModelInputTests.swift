import GPU
import Kernels
import Media
import Perception
import TestSupport
import XCTest

/// Our GPU crops of astronaut.png reproduce the exact input tensors the reference interpreter was
/// given (Tests/Fixtures/golden), so golden comparisons of the models test the whole input path.
final class ModelInputTests: GPUTestCase {
    private static let portrait = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/astronaut.png").standardized.path

    private func crop(_ region: RotatedRect, size: Int, crop: AffineCrop) throws -> [Float] {
        let image = try ImageDecoder.decode(path: Self.portrait)
        let output = try device.tensor(count: size * size * 3)
        let stream = try device.makeStream()
        try crop.encode(
            on: stream, image: try device.tensor(image.pixels.map(Float.init)), width: image.width,
            height: image.height, transform: region.cropTransform(outputSize: size),
            output: output, outputWidth: size, outputHeight: size)
        try stream.submitAndWait()
        return try output.floats(size * size * 3)
    }

    func testFaceDetectorInputIsThePhotoResizedTo128AndScaledToMinusOneOne() throws {
        let golden = try GoldenFixture(model: "face_detection_short_range").load(case: "astronaut")
        let ours = try crop(
            RotatedRect(centerX: 256, centerY: 256, width: 512, height: 512), size: 128,
            crop: AffineCrop(border: .zero, scale: 2 / 255, offset: -1))
        assertConforms(ours, golden.input, .fp32, "face detection input")
    }

    func testFaceMeshInputIsTheEnlargedFaceSquare() throws {
        let golden = try GoldenFixture(model: "face_landmark").load(case: "astronaut")
        let region = RotatedRect(centerX: 225.365, centerY: 127.645, width: 138.855, height: 138.855)
        let ours = try crop(region, size: 192, crop: AffineCrop(border: .replicate, scale: 1 / 255))
        assertConforms(ours, golden.input, .fp32, "face mesh input")
    }
}
