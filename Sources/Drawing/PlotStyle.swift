/// The plot's colours in one place, so panels, legends and tests agree on them.
enum PlotStyle {
    static let background: Canvas.Color = (255, 255, 255)
    static let text: Canvas.Color = (30, 30, 30)
    static let mutedText: Canvas.Color = (120, 120, 120)
    static let frame: Canvas.Color = (165, 165, 165)
    static let grid: Canvas.Color = (234, 234, 234)
    static let zeroLine: Canvas.Color = (200, 200, 200)

    static let waveformPeak: Canvas.Color = (160, 182, 215)
    static let waveformRMS: Canvas.Color = (45, 80, 135)

    /// Lips closed (P, B, M): the frames people check first, so the strongest colour.
    static let bilabial: Canvas.Color = (222, 45, 45)
    static let vowel: Canvas.Color = (135, 180, 238)
    static let consonant: Canvas.Color = (206, 206, 206)

    /// Curve colours, far enough apart to tell five curves in one panel apart.
    static let curves: [Canvas.Color] = [
        (31, 110, 190), // blue
        (238, 128, 20), // orange
        (40, 158, 60), // green
        (150, 95, 195), // purple
        (215, 60, 140), // magenta
        (20, 165, 175), // teal
        (140, 90, 60), // brown
    ]

    static func curve(_ index: Int) -> Canvas.Color { curves[index % curves.count] }
}
