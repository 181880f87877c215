import GPU

/// Where a supersampled layer lies in the output image: a window of output pixels, each covered by
/// `samplesPerAxis`² rasterized samples on an ordered grid (sample (i, j) of pixel (x, y) at
/// (x + (i + 0.5) / n, y + (j + 0.5) / n)). The warp renderer averages a pixel's samples, so edges inside
/// the layer -- lips against the mouth, lids against the eyes, the layer's outline -- get their coverage
/// instead of a staircase, at the cost of n² samples over the window only. n is odd so that one sample sits at
/// the pixel centre: it shades the pixel as without anti-aliasing; samples that continue its surface (the same
/// part, showing the photo within two pixels of the centre's point) reuse that colour, so the photo stays as sharp as at one
/// sample; only samples across an edge are shaded on their own.
public struct SampleWindow: Sendable, Hashable {
    /// The window's first output pixel.
    public var x: Int, y: Int
    /// The window's size in output pixels.
    public var width: Int, height: Int
    public var samplesPerAxis: Int

    public init(x: Int, y: Int, width: Int, height: Int, samplesPerAxis: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.samplesPerAxis = samplesPerAxis
    }

    /// The whole output, one sample per pixel: the layer rasterized at the output's own resolution.
    public static func whole(width: Int, height: Int) -> SampleWindow {
        SampleWindow(x: 0, y: 0, width: width, height: height, samplesPerAxis: 1)
    }

    /// The rasterization grid: the window's samples as an image of their own.
    public var sampleWidth: Int { width * samplesPerAxis }
    public var sampleHeight: Int { height * samplesPerAxis }
    public var sampleCount: Int { sampleWidth * sampleHeight }

    /// Screen positions (x, y, z per vertex, output pixels with centres at +0.5) moved into the sample grid,
    /// where the rasterizer's pixel centres are the samples.
    public func sampleGridPositions(_ positions: [Float]) -> [Float] {
        var result = positions
        let n = Float(samplesPerAxis)
        for v in 0..<positions.count / 3 {
            result[3 * v] = (positions[3 * v] - Float(x)) * n
            result[3 * v + 1] = (positions[3 * v + 1] - Float(y)) * n
        }
        return result
    }

    func validate(inside shape: WarpShape, _ what: String) throws(GPUError) {
        try require(
            samplesPerAxis >= 1 && samplesPerAxis <= 7 && samplesPerAxis % 2 == 1,
            "\(what): \(samplesPerAxis) samples per axis (odd, 1...7)")
        try require(
            width > 0 && height > 0 && x >= 0 && y >= 0 && x + width <= shape.outputWidth
                && y + height <= shape.outputHeight,
            "\(what): window \(width)x\(height) at (\(x), \(y)) is not inside the \(shape.outputWidth)x\(shape.outputHeight) output"
        )
        try require(
            8 * sampleCount < Int(Int32.max), "\(what): \(sampleWidth)x\(sampleHeight) samples exceed 32-bit indexing")
    }
}
