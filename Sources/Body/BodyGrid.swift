/// The body layer's triangles: a regular lattice over the photo, kept only where the person (or the
/// matte's fade around them) is, plus one cell of margin so posing can pull the border in without
/// opening a gap. A lattice, not a contour mesh, because every pixel it covers is sampled from the
/// photo through it: regular triangles keep the warp smooth.
struct BodyGrid: Sendable {
    /// Lattice step, pixels.
    let spacing: Int
    /// Vertex positions in photo pixels (pixel centres at +0.5).
    let points: [SIMD2<Float>]
    /// Vertex index triples, two per kept cell.
    let triangles: [UInt32]

    /// A step of 1/64 of the long side: about 5000 triangles for a full-frame person whatever the
    /// resolution, fine enough for shoulders and arms to bend smoothly.
    static func spacing(width: Int, height: Int) -> Int {
        max(4, Int((Float(max(width, height)) / 64).rounded()))
    }

    init(matte: PersonMatte) {
        let (width, height) = (matte.width, matte.height)
        let spacing = Self.spacing(width: width, height: height)
        self.spacing = spacing
        let xs = Self.lattice(extent: width, spacing: spacing)
        let ys = Self.lattice(extent: height, spacing: spacing)
        let (columns, rows) = (xs.count - 1, ys.count - 1)
        guard columns > 0, rows > 0 else {
            points = []
            triangles = []
            return
        }

        // Cells that touch a pixel of the matte: scan each cell's pixels (shared borders twice).
        var touched = [Bool](repeating: false, count: columns * rows)
        for row in 0..<rows {
            let y0 = Int(ys[row].rounded(.down))
            let y1 = min(height - 1, Int(ys[row + 1].rounded(.down)))
            for column in 0..<columns {
                let x0 = Int(xs[column].rounded(.down))
                let x1 = min(width - 1, Int(xs[column + 1].rounded(.down)))
                search: for y in y0...y1 {
                    for x in x0...x1 where matte.matte[y * width + x] > 0 {
                        touched[row * columns + column] = true
                        break search
                    }
                }
            }
        }
        // Grow by one cell.
        var kept = touched
        for row in 0..<rows {
            for column in 0..<columns where touched[row * columns + column] {
                for dy in -1...1 {
                    for dx in -1...1 {
                        let (r, c) = (row + dy, column + dx)
                        if r >= 0, c >= 0, r < rows, c < columns { kept[r * columns + c] = true }
                    }
                }
            }
        }

        // Only the lattice vertices kept cells use, numbered in scan order.
        var index = [Int32](repeating: -1, count: (columns + 1) * (rows + 1))
        var points: [SIMD2<Float>] = []
        func vertex(_ column: Int, _ row: Int) -> UInt32 {
            let key = row * (columns + 1) + column
            if index[key] < 0 {
                index[key] = Int32(points.count)
                points.append(SIMD2(xs[column], ys[row]))
            }
            return UInt32(index[key])
        }
        var triangles: [UInt32] = []
        for row in 0..<rows {
            for column in 0..<columns where kept[row * columns + column] {
                let a = vertex(column, row)
                let b = vertex(column + 1, row)
                let c = vertex(column, row + 1)
                let d = vertex(column + 1, row + 1)
                triangles += [a, b, d, a, d, c]
            }
        }
        self.points = points
        self.triangles = triangles
    }

    /// Pixel-centre positions 0.5, 0.5 + step, ... and the last pixel centre, so the lattice spans
    /// every pixel centre of the image; a last step shorter than half a step is merged into the one
    /// before it rather than leaving a sliver.
    static func lattice(extent: Int, spacing: Int) -> [Float] {
        let last = Float(extent) - 0.5
        var values: [Float] = []
        var value: Float = 0.5
        while value < last {
            values.append(value)
            value += Float(spacing)
        }
        if let previous = values.last, values.count > 1, last - previous < Float(spacing) / 2 { values.removeLast() }
        values.append(last)
        return values
    }
}
