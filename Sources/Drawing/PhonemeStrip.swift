import Motion

extension PlotStyle {
    /// The fill of a phoneme's box: bilabials, vowels, and the other consonants apart.
    static func fill(of phoneme: Phoneme) -> Canvas.Color {
        phoneme.isBilabial ? bilabial : phoneme.isVowel ? vowel : consonant
    }
}

extension Canvas {
    /// One box per spoken phoneme over its time span (silence left blank), labelled where the label fits.
    mutating func drawPhonemes(_ phonemes: [TimedPhoneme], in rect: PlotRect, layout: PlotLayout) {
        let spoken = phonemes.filter { $0.phoneme != .SIL && $0.start.isFinite && $0.end.isFinite && $0.end > $0.start }
        guard !spoken.isEmpty else {
            let scale = layout.textScale
            text(
                "no phonemes", x: rect.x + 8, y: rect.y + (rect.height - 7 * scale) / 2, scale: scale,
                PlotStyle.mutedText)
            return
        }
        let inset = 3
        for item in spoken {
            let left = Int(layout.x(at: item.start).rounded(.down))
            let right = Int(layout.x(at: item.end).rounded(.down))
            // A one-pixel gap between neighbours, except where the box is a single pixel already.
            let width = max(right - left - 1, 1)
            fill(
                x: left, y: rect.y + inset, width: width, height: rect.height - 2 * inset,
                PlotStyle.fill(of: item.phoneme))
            let label = item.phoneme.rawValue
            for scale in [layout.textScale, 1] where BitmapFont.width(of: label, scale: scale) + 4 <= width {
                let labelX = left + (width - BitmapFont.width(of: label, scale: scale)) / 2
                let capHeight = 7 * scale
                let labelY = rect.y + (rect.height - capHeight) / 2
                text(
                    label, x: labelX, y: labelY, scale: scale,
                    item.phoneme.isBilabial ? PlotStyle.background : PlotStyle.text)
                break
            }
        }
    }
}
