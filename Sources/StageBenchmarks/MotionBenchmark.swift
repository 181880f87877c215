import Foundation
import Media
import Motion

/// `vlogger-gpu bench motion`: stage 1's CPU cost for a length of speech, recognition aside.
public struct MotionBenchmarkResult: Sendable, Encodable {
    public let audioSeconds: Double
    public let frames: Int
    public let phonemes: Int
    /// Median milliseconds of each step.
    public let prosodyMilliseconds: Double
    public let generateMilliseconds: Double
    public let acousticMilliseconds: Double
    public let jsonMilliseconds: Double
}

public enum MotionBenchmark {
    /// Speaks a paragraph (repeated) until `seconds` of speech exist, then times, `iterations` times each:
    /// the prosody features (energy and YIN pitch), motion generation from eSpeak's phonemes, the acoustic
    /// phoneme timeline, and the JSON encoding. Speech synthesis is not timed.
    public static func run(seconds: Double, iterations: Int) throws(MediaError) -> MotionBenchmarkResult {
        let paragraph = """
            Good morning, everybody. Today I want to tell you about a small project that became a big one. \
            We started with a single photo and a few words, and by the end of the summer the picture could speak, \
            blink and nod along. Please bear with me, because the best part comes at the very end.
            """
        var text = paragraph
        var speech = try SpeechSynthesizer.speak(text)
        while speech.audio.duration < seconds {
            text += " " + paragraph
            speech = try SpeechSynthesizer.speak(text)
        }
        let audio = try SpeechAudio(spool: speech.audio, path: "benchmark speech")
        let signal = try audio.analysis
        let phonemes = PhonemeTimeline.fromEspeak(speech.phonemes, duration: speech.audio.duration)
        func median(_ body: () -> Void) -> Double {
            var times: [Double] = []
            for _ in 0..<iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return times.sorted()[times.count / 2]
        }
        var energy: [Float] = []
        var pitch: [Float] = []
        let prosody = median {
            energy = Prosody.energy(signal, hop: 160)
            pitch = Prosody.pitch(signal, hop: 160)
        }
        var track: MotionTrack?
        let generate = median {
            track = MotionGenerator.generate(
                phonemes: phonemes, energy: energy, pitch: pitch, duration: speech.audio.duration,
                phonemeSource: "text", options: MotionOptions())
        }
        let acoustic = median {
            _ = AcousticPhonemes.timeline(signal: signal, energy: energy, pitch: pitch, duration: speech.audio.duration)
        }
        let json = median { if let track { _ = MotionTrackFile.encode(track) } }
        return MotionBenchmarkResult(
            audioSeconds: speech.audio.duration, frames: track?.frames.count ?? 0,
            phonemes: phonemes.filter { $0.phoneme != .SIL }.count, prosodyMilliseconds: prosody,
            generateMilliseconds: generate, acousticMilliseconds: acoustic, jsonMilliseconds: json)
    }
}
