import GPU
import Media
import NN
import Perception

/// `vlogger-gpu analyze`: decode a photo, run perception, optionally draw the findings.
public struct PhotoAnalyzer {
    public let device: GPUDevice
    private let perception: PhotoPerception

    public init(device: GPUDevice) throws(NNError) {
        self.device = device
        perception = try PhotoPerception(device: device)
    }

    /// The decoded photo and what perception found in it.
    public func analyze(path: String, maxLongSide: Int = ImageDecoder.defaultMaxLongSide) throws(PipelineError) -> (
        RGBImage, PhotoAnalysis
    ) {
        let image: RGBImage
        do { image = try ImageDecoder.decode(path: path, maxLongSide: maxLongSide) } catch { throw .media(error) }
        return (image, try analyze(image))
    }

    /// What perception finds in an already decoded photo.
    public func analyze(_ image: RGBImage) throws(PipelineError) -> PhotoAnalysis {
        do {
            let photo = try PhotoBuffer(pixels: image.pixels, width: image.width, height: image.height, device: device)
            return try perception.analyze(photo)
        } catch {
            throw PipelineError(error)
        }
    }
}
