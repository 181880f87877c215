import Body
import Foundation
import Media
import Motion
import XCTest

@testable import Drawing

final class MotionPlotTests: XCTestCase {
    private func isClose(_ pixel: (r: UInt8, g: UInt8, b: UInt8), _ color: Canvas.Color, tolerance: Int = 24) -> Bool {
        abs(Int(pixel.r) - Int(color.r)) <= tolerance && abs(Int(pixel.g) - Int(color.g)) <= tolerance
            && abs(Int(pixel.b) - Int(color.b)) <= tolerance
    }

    /// Columns (image x) in `rows` of `rect` that hold a pixel close to `color`.
    private func columns(of color: Canvas.Color, in image: RGBImage, rect: PlotRect, rows: Range<Int>) -> [Int] {
        (rect.x + 1..<rect.maxX - 1).filter { x in rows.contains { isClose(image[x, $0], color) } }
    }

    private func track(frames: [Controls], fps: Double = 25, phonemes: [TimedPhoneme] = []) -> MotionTrack {
        MotionTrack(
            fps: fps, duration: Double(frames.count) / fps, seed: 1, phonemeSource: "text",
            phonemes: phonemes, frames: frames)
    }

    func testImageWidthIsTheRequestedOneClampedAndHeightFollowsThePanels() {
        let example = MotionPlotExample.track()
        let image = MotionPlot.render(track: example, waveform: [], sampleRate: 16_000, width: 1200)
        XCTAssertEqual(image.width, 1200)
        XCTAssertEqual(
            image.height, MotionPlot.layout(for: example, samples: 0, sampleRate: 16_000, width: 1200).height)
        XCTAssertEqual(MotionPlot.render(track: example, waveform: [], sampleRate: 16_000, width: 10).width, 480)
        XCTAssertEqual(MotionPlot.render(track: example, waveform: [], sampleRate: 16_000, width: 100_000).width, 8000)
        // The example shrugs, so it has a body panel; a still body has none and a shorter picture.
        let still = track(frames: [Controls](repeating: Controls(), count: 10))
        XCTAssertNotNil(MotionPlot.layout(for: example, samples: 0, sampleRate: 16_000, width: 1200).body(of: .body))
        XCTAssertNil(MotionPlot.layout(for: still, samples: 0, sampleRate: 16_000, width: 1200).body(of: .body))
        XCTAssertLessThan(
            MotionPlot.render(track: still, waveform: [], sampleRate: 16_000, width: 1200).height, image.height)
    }

    /// As a polyline (fewer frames than columns) and as per-column spans (more frames than columns).
    func testJawOpenOnlyInTheMiddleThirdReachesTheTopOfTheMouthPanelOnlyThere() throws {
        for count in [300, 12_000] {
            let frames = (0..<count).map { index in
                var controls = Controls()
                controls.jawOpen = (count / 3..<2 * count / 3).contains(index) ? 1 : 0
                return controls
            }
            let motion = track(frames: frames)
            let image = MotionPlot.render(track: motion, waveform: [], sampleRate: 16_000)
            let layout = MotionPlot.layout(for: motion, samples: 0, sampleRate: 16_000, width: 1600)
            let mouth = try XCTUnwrap(layout.body(of: .mouth))
            let jaw = try XCTUnwrap(
                CurvePanel.panels(for: motion).first { $0.kind == .mouth }?.curves.first { $0.name == "jawOpen" })
            let top = columns(of: jaw.color, in: image, rect: mouth, rows: mouth.y + 1..<mouth.y + 10)
            let (start, end) = (layout.x(at: motion.duration / 3), layout.x(at: 2 * motion.duration / 3))
            let slack = Float(layout.plotWidth) / Float(count) + 3
            XCTAssertFalse(top.isEmpty, "\(count) frames: no jawOpen colour near the top of the mouth panel")
            for x in top {
                XCTAssertTrue(
                    Float(x) >= start - slack && Float(x) <= end + slack,
                    "\(count) frames: jawOpen reaches the top at x \(x), outside \(start)...\(end)")
            }
            let inner = Int(start + slack)..<Int(end - slack)
            XCTAssertGreaterThan(
                Set(top).intersection(inner).count, inner.count * 9 / 10,
                "\(count) frames: the top of the middle third has gaps")
            // Elsewhere the curves run along zero, at the bottom (the last one drawn covers the others there).
            let lastDrawn = try XCTUnwrap(CurvePanel.panels(for: motion).first { $0.kind == .mouth }?.curves.last)
            let bottom = columns(of: lastDrawn.color, in: image, rect: mouth, rows: mouth.maxY - 10..<mouth.maxY - 1)
            XCTAssertTrue(bottom.contains { Float($0) < start - slack } && bottom.contains { Float($0) > end + slack })
        }
    }

    func testPhonemeBoxesTakeTheirClassColourAtTheirTimeAndLabelsAreDark() throws {
        let phonemes = [
            TimedPhoneme(.SIL, start: 0, end: 0.5), TimedPhoneme(.AA, start: 0.5, end: 1.5),
            TimedPhoneme(.M, start: 2, end: 2.5), TimedPhoneme(.S, start: 3, end: 3.5),
        ]
        let motion = track(frames: [Controls](repeating: Controls(), count: 100), phonemes: phonemes)
        let image = MotionPlot.render(track: motion, waveform: [], sampleRate: 16_000)
        let layout = MotionPlot.layout(for: motion, samples: 0, sampleRate: 16_000, width: 1600)
        let strip = try XCTUnwrap(layout.body(of: .phonemes))
        let row = strip.y + 4
        func pixel(at time: Double) -> (r: UInt8, g: UInt8, b: UInt8) { image[Int(layout.x(at: time)), row] }
        XCTAssertTrue(
            isClose(pixel(at: 2.25), PlotStyle.bilabial, tolerance: 0), "M is not drawn in the bilabial colour")
        XCTAssertTrue(isClose(pixel(at: 1.0), PlotStyle.vowel, tolerance: 0), "AA is not drawn in the vowel colour")
        XCTAssertTrue(
            isClose(pixel(at: 3.25), PlotStyle.consonant, tolerance: 0), "S is not drawn in the consonant colour")
        XCTAssertTrue(isClose(pixel(at: 0.25), PlotStyle.background, tolerance: 0), "silence should stay blank")
        XCTAssertTrue(isClose(pixel(at: 1.75), PlotStyle.background, tolerance: 0), "the gap should stay blank")
        let bilabialColumns = columns(of: PlotStyle.bilabial, in: image, rect: strip, rows: row..<row + 1)
        XCTAssertTrue(bilabialColumns.allSatisfy { Float($0) >= layout.x(at: 2) - 1 && Float($0) <= layout.x(at: 2.5) })
        // The AA label: dark ink in the middle of its box.
        let box = Int(layout.x(at: 0.5)) + 2..<Int(layout.x(at: 1.5)) - 2
        var ink = 0
        for x in box {
            for y in strip.y + 6..<strip.maxY - 6
            where Int(image[x, y].r) + Int(image[x, y].g) + Int(image[x, y].b) < 3 * 80 {
                ink += 1
            }
        }
        XCTAssertGreaterThan(ink, 20, "the AA box has no label")
    }

    func testOneFrameAndNoPhonemesStillDraw() throws {
        var controls = Controls()
        controls.jawOpen = 0.5
        let motion = track(frames: [controls])
        let image = MotionPlot.render(track: motion, waveform: [], sampleRate: 16_000)
        let layout = MotionPlot.layout(for: motion, samples: 0, sampleRate: 16_000, width: 1600)
        let mouth = try XCTUnwrap(layout.body(of: .mouth))
        let middle = Int(ValueRange(lower: 0, upper: 1).y(of: 0.5, in: mouth))
        let jawColumns = columns(of: PlotStyle.curve(0), in: image, rect: mouth, rows: middle - 2..<middle + 3)
        XCTAssertFalse(jawColumns.isEmpty, "the single frame is not drawn")
        XCTAssertTrue(jawColumns.allSatisfy { $0 < layout.plotLeft + 5 }, "the single frame is not at time 0")
        let strip = try XCTUnwrap(layout.body(of: .phonemes))
        for color in [PlotStyle.bilabial, PlotStyle.vowel, PlotStyle.consonant] {
            XCTAssertTrue(columns(of: color, in: image, rect: strip, rows: strip.y + 4..<strip.y + 5).isEmpty)
        }
    }

    /// An hour at 25 fps with 16 kHz audio, loud only from minute 20 to minute 30.
    func testHourLongTrackRendersAndTheWaveformIsTallOnlyWhereTheAudioIsLoud() throws {
        let (seconds, rate) = (3600, 16_000)
        var frames = [Controls](repeating: Controls(), count: seconds * 25)
        for index in stride(from: 0, to: frames.count, by: 1) { frames[index].headYaw = Float(index % 250) / 25 - 5 }
        let motion = track(frames: frames)
        var audio = [Float](repeating: 0, count: seconds * rate)
        for index in audio.indices { audio[index] = index % 2 == 0 ? 0.01 : -0.01 }
        for index in 1200 * rate..<1800 * rate { audio[index] = index % 2 == 0 ? 0.9 : -0.9 }
        let image = MotionPlot.render(track: motion, waveform: audio, sampleRate: rate)
        XCTAssertEqual(image.width, 1600)
        let layout = MotionPlot.layout(for: motion, samples: audio.count, sampleRate: rate, width: 1600)
        let wave = try XCTUnwrap(layout.body(of: .waveform))
        // Rows in the outer half of the panel, above and below the centre line.
        let outer = Array(wave.y + 6..<wave.y + wave.height / 4) + Array(wave.maxY - wave.height / 4..<wave.maxY - 6)
        let loud = (wave.x + 1..<wave.maxX - 1).filter { x in
            outer.contains { isClose(image[x, $0], PlotStyle.waveformRMS) }
        }
        let (start, end) = (Int(layout.x(at: 1200)), Int(layout.x(at: 1800)))
        XCTAssertTrue(
            loud.allSatisfy { $0 >= start - 1 && $0 <= end + 1 }, "the waveform is tall outside the loud section")
        XCTAssertGreaterThan(loud.count, (end - start) * 9 / 10, "the loud section is not drawn tall")
    }

    /// Damaged input (no usable fps, phonemes at impossible times, NaN values) draws what it can.
    func testDamagedTrackStillDrawsItsValidParts() throws {
        var broken = Controls()
        broken.jawOpen = .nan
        broken.headYaw = .infinity
        let phonemes = [
            TimedPhoneme(.AA, start: .nan, end: 1), TimedPhoneme(.B, start: -1e300, end: 1e300),
            TimedPhoneme(.M, start: 0.5, end: 0.75), TimedPhoneme(.IY, start: 2, end: 1),
        ]
        let motion = MotionTrack(
            fps: 0, duration: 1, seed: 0, phonemeSource: "text", phonemes: phonemes,
            frames: [Controls(), broken, Controls()])
        let image = MotionPlot.render(track: motion, waveform: [.nan, 0.5, -0.5], sampleRate: 4)
        XCTAssertEqual(image.width, 1600)
        let layout = MotionPlot.layout(for: motion, samples: 3, sampleRate: 4, width: 1600)
        let strip = try XCTUnwrap(layout.body(of: .phonemes))
        let bilabial = columns(of: PlotStyle.bilabial, in: image, rect: strip, rows: strip.y + 4..<strip.y + 5)
        XCTAssertFalse(bilabial.isEmpty, "the valid bilabials are not drawn")
        XCTAssertTrue(
            columns(of: PlotStyle.vowel, in: image, rect: strip, rows: strip.y + 4..<strip.y + 5).isEmpty,
            "vowels with impossible times should be skipped")
    }

    func testExamplePlotEncodesAsPNG() throws {
        let image = MotionPlot.render(
            track: MotionPlotExample.track(), waveform: MotionPlotExample.waveform(),
            sampleRate: MotionPlotExample.sampleRate)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("motion-plot-example.png").path
        try PNGWriter.write(image, to: path, overwrite: true)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
    }
}
