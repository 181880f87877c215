import Foundation
import Media

/// Phoneme timing made by another tool for a recording: a forced aligner's labels or a synthesizer's own timing.
/// Given, it is used as it is (no recognition), which is both the best lip sync a user with an aligner can get and how
/// Training/ turns flite's speech into exact targets.
///
/// Two plain-text forms are read, one per file:
/// - labels, one phoneme per line: `START END PHONE` (seconds, separated by spaces or tabs: Audacity's label
///   export, or an aligner's table); blank lines and lines starting with `#` are skipped;
/// - end times, as `flite -psdur` prints them: `phone:end` pairs separated by white space, each phoneme starting
///   where the one before it ended.
///
/// Phones are ARPAbet in any case, stress digits allowed (`AH0`); TIMIT's and flite's extra symbols map onto the
/// nearest ARPAbet phoneme (`ax` → AH, `dx` → D, `pau`/`sp`/`sil` → silence).
public enum PhonemeTimingFile {
    /// The phonemes in the file at `path`, sorted, gaps left as they are (the timeline fills them with silence).
    public static func read(_ path: String) throws(PhonemeTimingError) -> [TimedPhoneme] {
        do throws(MediaError) {
            try requireReadableFile(path)
        } catch {
            if case .missingInput = error { throw .missing(path: path) }
            throw .unreadable(error)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(.unreadable(path: path, reason: "it could not be read"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid(path: path, line: nil, reason: "it is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// The phonemes in `text` (either form); `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(PhonemeTimingError) -> [TimedPhoneme] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let meaningful = lines.enumerated().filter { _, line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        guard let first = meaningful.first else {
            throw .invalid(path: path, line: nil, reason: "it holds no phonemes")
        }
        let phonemes =
            first.element.contains(":")
            ? try endTimes(meaningful.map { ($0.offset + 1, $0.element) }, path: path)
            : try labels(meaningful.map { ($0.offset + 1, $0.element) }, path: path)
        guard phonemes.contains(where: { $0.phoneme != .SIL }) else {
            throw .invalid(path: path, line: nil, reason: "it holds only silence")
        }
        return phonemes
    }

    /// `START END PHONE` lines.
    private static func labels(
        _ lines: [(number: Int, text: Substring)], path: String
    ) throws(PhonemeTimingError) -> [TimedPhoneme] {
        var result: [TimedPhoneme] = []
        for (number, text) in lines {
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3 else {
                throw .invalid(
                    path: path, line: number, reason: "expected START END PHONE, found \(fields.count) fields")
            }
            let start = try seconds(fields[0], path: path, line: number)
            let end = try seconds(fields[1], path: path, line: number)
            guard end >= start else {
                throw .invalid(
                    path: path, line: number, reason: "it ends (\(fields[1])) before it starts (\(fields[0]))")
            }
            if let previous = result.last, start < previous.end - 0.0005 {
                throw .invalid(
                    path: path, line: number,
                    reason: "it starts at \(fields[0]) s, before the phoneme above ends (\(previous.end) s)")
            }
            let phoneme = try phoneme(fields[2], path: path, line: number)
            if end > start { result.append(TimedPhoneme(phoneme, start: start, end: end)) }
        }
        return result
    }

    /// flite's `phone:end` pairs.
    private static func endTimes(
        _ lines: [(number: Int, text: Substring)], path: String
    ) throws(PhonemeTimingError) -> [TimedPhoneme] {
        var result: [TimedPhoneme] = []
        var cursor = 0.0
        for (number, text) in lines {
            for pair in text.split(whereSeparator: \.isWhitespace) {
                let parts = pair.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw .invalid(path: path, line: number, reason: "expected phone:end, found '\(pair)'")
                }
                let end = try seconds(parts[1], path: path, line: number)
                guard end >= cursor else {
                    throw .invalid(
                        path: path, line: number, reason: "'\(pair)' ends before the phoneme before it (\(cursor) s)")
                }
                let phoneme = try phoneme(parts[0], path: path, line: number)
                if end > cursor { result.append(TimedPhoneme(phoneme, start: cursor, end: end)) }
                cursor = end
            }
        }
        return result
    }

    private static func seconds(_ field: Substring, path: String, line: Int) throws(PhonemeTimingError) -> Double {
        guard let value = Double(field), value.isFinite, value >= 0 else {
            throw .invalid(path: path, line: line, reason: "'\(field)' is not a time in seconds")
        }
        return value
    }

    private static func phoneme(_ field: Substring, path: String, line: Int) throws(PhonemeTimingError) -> Phoneme {
        guard let phoneme = Phoneme(alignerSymbol: String(field)) else {
            throw .invalid(path: path, line: line, reason: "'\(field)' is not an ARPAbet phoneme")
        }
        return phoneme
    }
}

extension Phoneme {
    /// The phoneme an aligner or synthesizer names `symbol`: ARPAbet in any case with or without a stress digit, plus
    /// the silence markers and extra symbols of TIMIT, flite and the Montreal Forced Aligner.
    public init?(alignerSymbol symbol: String) {
        var bare = symbol.uppercased()
        while let last = bare.last, last.isNumber { bare.removeLast() }
        switch bare {
        case "", "SIL", "SP", "SPN", "PAU", "H#", "EPI", "<SIL>", "<SP>", "BRTH", "NOISE": self = .SIL
        case "AX", "AX-H": self = .AH
        case "AXR": self = .ER
        case "IX": self = .IH
        case "UX": self = .UW
        case "DX": self = .D
        case "Q": self = .HH
        case "NX", "EN": self = .N
        case "EM": self = .M
        case "EL": self = .L
        case "ENG": self = .NG
        case "HV": self = .HH
        default:
            guard let phoneme = Phoneme(rawValue: bare) else { return nil }
            self = phoneme
        }
    }
}
