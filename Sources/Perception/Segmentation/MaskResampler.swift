/// Brings a model's square mask back to the photo: each image pixel reads the mask bilinearly
/// where the model saw it (the mask covered `region`, an upright square).
public enum MaskResampler {
    public static func toImage(_ mask: [Float], size: Int, region: RotatedRect, width: Int, height: Int) -> [Float] {
        guard mask.count == size * size else { return [] }
        let scale = Float(size) / region.width
        let originX = region.centerX - region.width / 2
        let originY = region.centerY - region.height / 2
        func value(_ x: Int, _ y: Int) -> Float { mask[min(max(y, 0), size - 1) * size + min(max(x, 0), size - 1)] }
        var result = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            let v = (Float(y) + 0.5 - originY) * scale - 0.5
            let y0 = Int(v.rounded(.down))
            let fy = v - Float(y0)
            for x in 0..<width {
                let u = (Float(x) + 0.5 - originX) * scale - 0.5
                let x0 = Int(u.rounded(.down))
                let fx = u - Float(x0)
                let top = value(x0, y0) * (1 - fx) + value(x0 + 1, y0) * fx
                let bottom = value(x0, y0 + 1) * (1 - fx) + value(x0 + 1, y0 + 1) * fx
                result[y * width + x] = top * (1 - fy) + bottom * fy
            }
        }
        return result
    }
}
