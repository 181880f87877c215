import Body
import GPU
import Kernels

/// The photo-side images every frame samples, resident on the GPU: the photo itself, the background plate
/// (the photo with the person inpainted away, so nothing tears where the body moves off it) and the matte
/// (how much of each photo pixel belongs to the person layer).
public final class SubjectPlates {
    public let device: GPUDevice
    public let width: Int
    public let height: Int
    let photo: GPUBuffer
    let plate: GPUBuffer
    let matte: GPUBuffer

    /// `pixels` is RGB bytes row-major; `matte` and `plateWeights` (1 = known background, 0 = hole to fill)
    /// are one float per pixel. The plate is filled by push-pull inpainting on the GPU.
    public init(device: GPUDevice, pixels: [UInt8], width: Int, height: Int, matte: [Float], plateWeights: [Float])
        throws(GPUError)
    {
        guard width > 0, height > 0, pixels.count == 3 * width * height,
            matte.count == width * height, plateWeights.count == width * height
        else {
            throw .invalidArgument(
                "subject plates need \(width)x\(height) RGB pixels, matte and plate weights; got \(pixels.count), \(matte.count), \(plateWeights.count) values"
            )
        }
        self.device = device
        self.width = width
        self.height = height
        photo = try device.makeBuffer(pixels.map { Float($0) / 255 })
        self.matte = try device.makeBuffer(matte)
        plate = try device.makeBuffer(byteCount: 12 * width * height)
        let weights = try device.makeBuffer(plateWeights)
        let stream = try device.makeStream()
        try PushPullInpaint().encode(
            on: stream, image: photo, shape: [height, width, 3], weights: weights,
            weightShape: [height, width], output: plate)
        try stream.submitAndWait()
    }

    /// A frame that is its own background: for editing a video frame in place, where the layers move only
    /// a little (lids, lips) and everything they leave uncovered is the frame itself. The matte is 1.
    public init(device: GPUDevice, frame pixels: [UInt8], width: Int, height: Int) throws(GPUError) {
        guard width > 0, height > 0, pixels.count == 3 * width * height else {
            throw .invalidArgument(
                "a \(width)x\(height) frame needs \(3 * width * height) RGB bytes, got \(pixels.count)")
        }
        self.device = device
        self.width = width
        self.height = height
        photo = try device.makeBuffer(pixels.map { Float($0) / 255 })
        plate = photo
        matte = try device.makeBuffer([Float](repeating: 1, count: width * height))
    }

    /// The inpainted background plate as RGB floats (for tests and debugging).
    public func plateColours() throws(GPUError) -> [Float] { try plate.read(Float.self, count: 3 * width * height) }
}
