import Foundation
import Media
import Motion
import Pipeline

/// `vlogger-gpu bench lipsync`: every lip-sync mode on every real-speech clip, scored against forced alignment
/// of the clip's true words (`LipSyncScore`), with the CPU time each mode takes.
public struct LipSyncEvaluation: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public let clip: String
        public let mode: String
        /// The sources the mode ended up using, in order of time ("words", "words+acoustic", ...).
        public let sources: String
        public let audioSeconds: Double
        /// Process CPU seconds (all threads) for finding the phonemes and making the motion, model loading aside.
        public let cpuSeconds: Double
        public let score: LipSyncScore
    }

    public let rows: [Row]
    /// CPU seconds to load pocketsphinx's models (acoustic model, dictionary, phone and word language models), once.
    public let modelLoadCPUSeconds: Double

    /// The modes a user picks without a transcript (auto is words then).
    public static let modes: [LipSync] = [.words, .recognize, .acoustic, .neural]

    /// `listener` hears the phonemes of the neural mode (the speech-to-mouth network); without one that mode is left out.
    public static func run(
        clips: [RealSpeechClip], modes: [LipSync] = modes, listener: PhonemeListener? = nil
    ) throws(PipelineError) -> LipSyncEvaluation {
        let modes = modes.filter { $0 != .neural || listener != nil }
        do {
            let loadStart = processCPUSeconds()
            let recognizer = try PhonemeRecognizer()
            try recognizer.loadRecognitionModels()
            let load = processCPUSeconds() - loadStart
            var rows: [Row] = []
            for clip in clips {
                let audio = try SpeechAudio(path: clip.path)
                let signal = try audio.analysis
                let energy = Prosody.energy(signal, hop: 160)
                let pitch = Prosody.pitch(signal, hop: 160)
                let duration = audio.original.duration
                let options = MotionOptions()
                func jaw(_ phonemes: [TimedPhoneme]) -> [Float] {
                    MotionGenerator.generate(
                        phonemes: phonemes, energy: energy, pitch: pitch, duration: duration,
                        phonemeSource: "evaluation", options: options
                    ).frames.map(\.jawOpen)
                }
                let reference = try recognizer.align(audio.signal, transcript: clip.transcript)
                let referenceJaw = jaw(reference)
                for mode in modes {
                    let start = processCPUSeconds()
                    let found = try RecordedSpeechPhonemes.find(
                        in: audio.signal, path: clip.path, transcript: nil, mode: mode,
                        energy: energy, pitch: pitch, recognizer: recognizer, listener: listener)
                    let foundJaw = jaw(found.phonemes)
                    let cpu = processCPUSeconds() - start
                    let score = LipSyncScore(
                        found: found.phonemes, reference: reference, foundJaw: foundJaw, referenceJaw: referenceJaw)
                    rows.append(
                        Row(
                            clip: clip.name, mode: mode.rawValue,
                            sources: found.sources.map(\.source.rawValue).joined(separator: "+"),
                            audioSeconds: duration, cpuSeconds: cpu, score: score))
                }
            }
            return LipSyncEvaluation(rows: rows, modelLoadCPUSeconds: load)
        } catch {
            throw PipelineError(error)
        }
    }

    /// Totals of one mode over every clip.
    public struct Summary: Sendable, Encodable {
        public let mode: String
        public let trueBilabials: Int
        public let bilabialHits: Int
        public let falseClosures: Int
        public let longestPhonemeSeconds: Double
        public let lowestJawCorrelation: Double
        public let meanJawCorrelation: Double
        public let cpuSecondsPerAudioSecond: Double
    }

    public var summaries: [Summary] {
        var order: [String] = []
        for row in rows where !order.contains(row.mode) { order.append(row.mode) }
        return order.map { mode in
            let mine = rows.filter { $0.mode == mode }
            let jaws = mine.map(\.score.jawCorrelation)
            return Summary(
                mode: mode, trueBilabials: mine.map(\.score.trueBilabials).reduce(0, +),
                bilabialHits: mine.map(\.score.bilabialHits).reduce(0, +),
                falseClosures: mine.map(\.score.falseClosures).reduce(0, +),
                longestPhonemeSeconds: mine.map(\.score.longestPhonemeSeconds).max() ?? 0,
                lowestJawCorrelation: jaws.min() ?? 0,
                meanJawCorrelation: jaws.reduce(0, +) / Double(max(jaws.count, 1)),
                cpuSecondsPerAudioSecond: mine.map(\.cpuSeconds).reduce(0, +)
                    / max(mine.map(\.audioSeconds).reduce(0, +), 1e-9))
        }
    }
}

/// User plus system CPU seconds of this process so far (every thread).
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
