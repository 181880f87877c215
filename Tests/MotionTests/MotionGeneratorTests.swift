import Body
import Foundation
import Media
import XCTest

@testable import Motion

/// The generator on eSpeak speech with known phonemes, and on synthetic prosody for the long statistics.
final class MotionGeneratorTests: XCTestCase {
    private static let sentence = "Bob may buy a map of Paris. Then, after a pause, we go home by bus."
    nonisolated(unsafe) private static var cached: (SynthesizedSpeech, MotionTrack)? // XCTest runs one test at a time

    private func speechTrack() throws -> (SynthesizedSpeech, MotionTrack) {
        if let cached = Self.cached { return cached }
        let speech = try SpeechSynthesizer.speak(Self.sentence)
        let track = try SpeechMotion.synthesized(speech, options: MotionOptions()).track
        Self.cached = (speech, track)
        return (speech, track)
    }

    private func frames(of track: MotionTrack, inside p: TimedPhoneme) -> [Controls] {
        let first = Int((p.start * track.fps).rounded(.up))
        let last = Int((p.end * track.fps).rounded(.down))
        if first <= last { return (first...last).filter { $0 < track.frames.count }.map { track.frames[$0] } }
        // Shorter than a frame: the frame nearest its centre.
        let nearest = min(Int(((p.start + p.end) / 2 * track.fps).rounded()), track.frames.count - 1)
        return [track.frames[nearest]]
    }

    func testTrackCoversTheAudioAtTheFrameRate() throws {
        let (speech, track) = try speechTrack()
        XCTAssertEqual(track.frames.count, Int((speech.audio.duration * 25).rounded(.up)))
        XCTAssertEqual(track.phonemeSource, "text")
        XCTAssertEqual(track.phonemes.first?.start, 0)
        XCTAssertEqual(track.phonemes.last?.end ?? 0, speech.audio.duration, accuracy: 1e-9)
    }

    func testLipsCloseInsideEveryBilabial() throws {
        let (_, track) = try speechTrack()
        let bilabials = track.phonemes.filter(\.phoneme.isBilabial)
        XCTAssertGreaterThanOrEqual(bilabials.count, 8)
        for p in bilabials {
            for c in frames(of: track, inside: p) {
                XCTAssertGreaterThanOrEqual(c.lipPress, 0.95, "\(p)")
                XCTAssertLessThanOrEqual(c.jawOpen, 0.12, "\(p)")
            }
        }
    }

    func testTheJawOpensOnOpenVowels() throws {
        let (_, track) = try speechTrack()
        // AH is also eSpeak's reduced schwa ("a map"), which barely opens: the full open vowels only.
        let vowels = track.phonemes.filter { [.AA, .AE, .AO, .AW, .AY].contains($0.phoneme) && $0.duration >= 0.06 }
        XCTAssertGreaterThanOrEqual(vowels.count, 4)
        // Each opens visibly (a short vowel squeezed between two bilabials reaches ~0.33), and on average widely.
        let peaks = vowels.map { frames(of: track, inside: $0).map(\.jawOpen).max() ?? 0 }
        for (p, peak) in zip(vowels, peaks) { XCTAssertGreaterThanOrEqual(peak, 0.25, "\(p)") }
        XCTAssertGreaterThan(peaks.reduce(0, +) / Float(peaks.count), 0.45)
    }

    func testTheMouthRestsInSilencesLongerThan300Milliseconds() throws {
        // Two sentences with 0.8 s of silence between them (eSpeak's own pauses are shorter).
        let first = try SpeechSynthesizer.speak("Bob may buy a map of Paris.")
        let second = try SpeechSynthesizer.speak("We go home by bus.")
        let a = try SpeechAudio(spool: first.audio, path: "a").analysis
        let b = try SpeechAudio(spool: second.audio, path: "b").analysis
        let gap = 0.8
        let offset = Double(a.count) / 16_000 + gap
        let signal = a + [Float](repeating: 0, count: Int(gap * 16_000)) + b
        let phonemes =
            PhonemeTimeline.fromEspeak(first.phonemes, duration: Double(a.count) / 16_000)
            + PhonemeTimeline.fromEspeak(second.phonemes, duration: Double(b.count) / 16_000).map {
                TimedPhoneme($0.phoneme, start: $0.start + offset, end: $0.end + offset)
            }
        let track = MotionGenerator.generate(
            phonemes: phonemes, energy: Prosody.energy(signal), pitch: Prosody.pitch(signal),
            duration: Double(signal.count) / 16_000, phonemeSource: "text", options: MotionOptions())
        let silences = track.phonemes.filter { $0.phoneme == .SIL && $0.duration > 0.3 }
        XCTAssertEqual(silences.count, 1, "the gap between the sentences")
        for s in silences {
            let inner = TimedPhoneme(.SIL, start: s.start + 0.12, end: s.end - 0.12)
            let restFrames = frames(of: track, inside: inner)
            XCTAssertGreaterThanOrEqual(restFrames.count, 10)
            for c in restFrames {
                for value in [c.jawOpen, c.lipsFunnel, c.lipsPucker, c.smile, c.upperLipRaise, c.lowerLipDown] {
                    XCTAssertLessThan(value, 0.08, "\(s)")
                }
            }
        }
    }

    func testLipsRoundAheadOfARoundedConsonantInsideTheWordBefore() throws {
        // "twin", "swam", "quiet": W after a consonant. 50 ms before W the lips are already rounding.
        let speech = try SpeechSynthesizer.speak("The quiet twin swam away.")
        let track = try SpeechMotion.synthesized(speech, options: MotionOptions()).track
        let phonemes = track.phonemes
        var checked = 0
        for (index, p) in phonemes.enumerated()
        where p.phoneme == .W && index > 0 && phonemes[index - 1].phoneme != .SIL {
            let before = min(Int(((p.start - 0.05) * track.fps).rounded()), track.frames.count - 1)
            guard Double(before) / track.fps > phonemes[index - 1].start else { continue }
            XCTAssertGreaterThan(track.frames[before].lipsPucker, 0.2, "pucker 50 ms before W at \(p.start) s")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 2, "W after a consonant in \(phonemes.map(\.phoneme))")
    }

    /// 60 s of alternating speech and pauses (syllable-rate energy, a pitch contour) without audio.
    private func syntheticProsody(seconds: Double) -> (energy: [Float], pitch: [Float]) {
        let frames = Int(seconds * 100)
        var energy = [Float](repeating: 0.0005, count: frames)
        var pitch = [Float](repeating: 0, count: frames)
        for i in 0..<frames {
            let t = Double(i) / 100
            let inPhrase = t.truncatingRemainder(dividingBy: 4.5) < 3.3
            guard inPhrase else { continue }
            energy[i] = Float(0.05 + 0.04 * sin(2 * .pi * 4 * t))
            pitch[i] = Float(180 + 30 * sin(2 * .pi * 0.7 * t) + (sin(2 * .pi * 4 * t) > 0.9 ? 25 : 0))
        }
        return (energy, pitch)
    }

    func testBlinkRateAndDurationsAreHumanOverAMinute() throws {
        let (energy, pitch) = syntheticProsody(seconds: 60)
        for seed: UInt64 in [1, 2, 3] {
            var options = MotionOptions()
            options.fps = 100
            options.seed = seed
            let track = MotionGenerator.generate(
                phonemes: [], energy: energy, pitch: pitch, duration: 60, phonemeSource: "acoustic", options: options)
            var durations: [Double] = []
            var start: Int?
            for (i, c) in track.frames.enumerated() {
                if c.blinkLeft > 0.02, start == nil { start = i }
                if c.blinkLeft <= 0.02, let s = start {
                    durations.append(Double(i - s) / 100)
                    start = nil
                }
            }
            XCTAssertTrue((15...20).contains(durations.count), "seed \(seed): \(durations.count) blinks a minute")
            for d in durations { XCTAssertTrue((0.1...0.4).contains(d), "seed \(seed): a \(d) s blink") }
        }
    }

    func testSeedsChangeTheHeadAndTheSameSeedRepeatsBitForBit() throws {
        let (energy, pitch) = syntheticProsody(seconds: 10)
        func track(_ seed: UInt64) -> MotionTrack {
            var options = MotionOptions()
            options.seed = seed
            return MotionGenerator.generate(
                phonemes: [], energy: energy, pitch: pitch, duration: 10, phonemeSource: "acoustic", options: options)
        }
        let (a, b, c) = (track(7), track(7), track(8))
        XCTAssertEqual(a, b)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(try encoder.encode(a), try encoder.encode(b))
        let difference = zip(a.frames, c.frames).map { abs($0.headYaw - $1.headYaw) }.max() ?? 0
        XCTAssertGreaterThan(difference, 0.5, "different seeds turn the head differently")
    }

    func testASpeakersHeadTurnsAFewDegreesAndHeadMotionZeroHoldsItStill() throws {
        // 20 s of speech-like prosody (phrases, syllables, accents), several seeds.
        let (energy, pitch) = syntheticProsody(seconds: 20)
        func deviation(_ values: [Float]) -> Float {
            let mean = values.reduce(0, +) / Float(values.count)
            return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
        }
        for seed: UInt64 in [1, 2, 3] {
            var options = MotionOptions()
            options.seed = seed
            let track = MotionGenerator.generate(
                phonemes: [], energy: energy, pitch: pitch, duration: 20, phonemeSource: "acoustic", options: options)
            let (yaw, nod) = (deviation(track.frames.map(\.headYaw)), deviation(track.frames.map(\.headPitch)))
            XCTAssertGreaterThan(max(yaw, nod), 2, "seed \(seed): yaw std \(yaw), pitch std \(nod) degrees")
            XCTAssertLessThan(max(yaw, nod), 4, "seed \(seed): yaw std \(yaw), pitch std \(nod) degrees")
            XCTAssertGreaterThan(min(yaw, nod), 1, "seed \(seed): both axes move")
            options.headMotion = 0
            let still = MotionGenerator.generate(
                phonemes: [], energy: energy, pitch: pitch, duration: 20, phonemeSource: "acoustic", options: options)
            let largest = still.frames.map { max(abs($0.headYaw), abs($0.headPitch), abs($0.headRoll)) }.max() ?? 1
            XCTAssertLessThan(largest, 1e-6, "--head-motion 0")
        }
    }

    func testNoControlMovesFasterThanItsPhysicalLimit() throws {
        XCTAssertEqual(
            Set(ControlLimits.limitsByName.keys), Set(Controls.fields.map(\.name)), "every control has a limit")
        let (_, track) = try speechTrack()
        for (name, key, limit) in ControlLimits.perSecond {
            let steps = zip(track.frames, track.frames.dropFirst()).map { abs($1[keyPath: key] - $0[keyPath: key]) }
            XCTAssertLessThanOrEqual(steps.max() ?? 0, limit / Float(track.fps) * 1.0001, name)
        }
        // And the head does move, the eyes do blink: a still track would pass the line above.
        XCTAssertGreaterThan(track.frames.map { abs($0.headYaw) }.max() ?? 0, 0.3)
        XCTAssertGreaterThan(track.frames.map(\.blinkLeft).max() ?? 0, 0.9)
    }

    func testOverridesCloseTheEyesAndMouthOnlyInTheirRange() throws {
        let (speech, _) = try speechTrack()
        var options = MotionOptions()
        options.overrides = [
            ControlOverride(.eyesClosed, range: 1.0...2.0), ControlOverride(.mouthClosed, range: 2.5...3.0),
        ]
        let track = try SpeechMotion.synthesized(speech, options: options).track
        func frame(_ t: Double) -> Controls { track.frames[Int(t * track.fps)] }
        for t in stride(from: 1.2, through: 1.8, by: 0.04) { XCTAssertGreaterThan(frame(t).blinkLeft, 0.99, "t \(t)") }
        for t in stride(from: 2.6, through: 2.9, by: 0.04) {
            XCTAssertLessThan(frame(t).jawOpen, 0.02, "t \(t)")
            XCTAssertGreaterThan(frame(t).lipPress, 0.98)
        }
        XCTAssertGreaterThan(track.frames.prefix(20).map(\.blinkLeft).max() ?? 1, -1)
        XCTAssertGreaterThan(
            (Int(0.5 * track.fps)..<Int(0.9 * track.fps)).map { track.frames[$0].jawOpen }.max() ?? 0, 0.2,
            "the mouth still moves before the range")
    }

    func testTrackRoundTripsThroughJSON() throws {
        let (_, track) = try speechTrack()
        let decoded = try JSONDecoder().decode(MotionTrack.self, from: JSONEncoder().encode(track))
        XCTAssertEqual(decoded, track)
    }
}

final class MotionTrackFileTests: XCTestCase {
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motion-file-tests-\(getpid())")
        .path

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func track() -> MotionTrack {
        var options = MotionOptions()
        options.seed = 3
        let energy = (0..<200).map { Float(0.02 + 0.02 * sin(Double($0) * 0.3)) }
        return MotionGenerator.generate(
            phonemes: [TimedPhoneme(.AA, start: 0.2, end: 0.6)], energy: energy,
            pitch: [Float](repeating: 150, count: 200), duration: 2, phonemeSource: "text", options: options)
    }

    func testWrittenTrackReadsBackEqualAndTheSameTrackIsTheSameBytes() throws {
        let path = folder + "/a.json"
        try MotionTrackFile.write(track(), to: path, overwrite: false)
        XCTAssertEqual(try MotionTrackFile.read(path), track())
        XCTAssertEqual(MotionTrackFile.encode(track()), MotionTrackFile.encode(track()))
        XCTAssertThrowsError(try MotionTrackFile.write(track(), to: path, overwrite: false)) { error in
            XCTAssertEqual(error as? MediaError, .outputExists(path: path))
        }
    }

    func testMissingAndInvalidMotionFilesAreRefusedAsSuch() throws {
        XCTAssertEqual(readError(folder + "/missing.json"), .missing(path: folder + "/missing.json"))
        let notJSON = folder + "/b.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: notJSON, contents: Data("%PDF-1.4".utf8)))
        guard case .invalid(notJSON, _)? = readError(notJSON) else {
            return XCTFail("\(String(describing: readError(notJSON)))")
        }
        var future = track()
        future.version = 99
        let futurePath = folder + "/c.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: futurePath, contents: MotionTrackFile.encode(future)))
        guard case .invalid(futurePath, _)? = readError(futurePath) else {
            return XCTFail("\(String(describing: readError(futurePath)))")
        }
        var truncated = track()
        truncated.frames.removeLast(10)
        let truncatedPath = folder + "/d.json"
        XCTAssertTrue(
            FileManager.default.createFile(atPath: truncatedPath, contents: MotionTrackFile.encode(truncated)))
        XCTAssertTrue(readError(truncatedPath)?.description.contains("frames do not match") ?? false)
        var wild = track()
        wild.frames[5].headYaw = 12345
        let wildPath = folder + "/e.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: wildPath, contents: MotionTrackFile.encode(wild)))
        let message = readError(wildPath)?.description ?? ""
        XCTAssertTrue(
            message.contains("frames[5]") && message.contains("headYaw"), "names the frame as written: \(message)")
        XCTAssertFalse(message.contains("Index"), message)
    }

    func testFolderGivenAsMotionFileSaysItIsAFolder() throws {
        let path = folder + "/motion.json"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        XCTAssertEqual(readError(path), .unreadable(.inputNotAFile(path: path, kind: "a folder")))
    }

    private func readError(_ path: String) -> MotionFileError? {
        do {
            _ = try MotionTrackFile.read(path)
            return nil
        } catch { return error }
    }
}
