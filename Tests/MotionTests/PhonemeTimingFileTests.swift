import XCTest

@testable import Motion

/// `--phonemes`: an aligner's labels and flite's end times read as the same timeline; every way a file can be wrong
/// is refused with its line.
final class PhonemeTimingFileTests: XCTestCase {
    func testLabelLinesGiveTheirSpansWithStressDigitsAndSilenceMarkersMapped() throws {
        let text = """
            # an aligner's table
            0.00\t0.12\tsil
            0.12 0.20 B

            0.20 0.31 AA1
            0.31 0.40 m
            0.45 0.55 sp
            """
        let phonemes = try PhonemeTimingFile.parse(text, path: "a.lab")
        XCTAssertEqual(phonemes.map(\.phoneme), [.SIL, .B, .AA, .M, .SIL])
        XCTAssertEqual(phonemes[2].start, 0.20)
        XCTAssertEqual(phonemes[3].end, 0.40)
        XCTAssertEqual(phonemes[4].start, 0.45, "a gap is kept for the timeline to fill")
    }

    func testFliteEndTimesStartEachPhonemeWhereTheOneBeforeEnded() throws {
        let phonemes = try PhonemeTimingFile.parse(
            "pau:0.193 b:0.217 aa:0.428\nb:0.487 ax:0.5 pau:0.6 \n", path: "f.txt")
        XCTAssertEqual(phonemes.map(\.phoneme), [.SIL, .B, .AA, .B, .AH, .SIL])
        XCTAssertEqual(phonemes[0].start, 0)
        XCTAssertEqual(phonemes[1].start, 0.193)
        XCTAssertEqual(phonemes[3].start, 0.428)
        XCTAssertEqual(phonemes[3].end, 0.487)
    }

    func testAlignerSymbolsLandOnTheirArpabetPhoneme() {
        let cases: [(String, Phoneme?)] = [
            ("AH0", .AH), ("ax", .AH), ("axr", .ER), ("dx", .D), ("em", .M), ("el", .L), ("pau", .SIL),
            ("h#", .SIL), ("spn", .SIL), ("zh", .ZH), ("ix", .IH), ("xx", nil), ("a", nil),
        ]
        for (symbol, expected) in cases { XCTAssertEqual(Phoneme(alignerSymbol: symbol), expected, symbol) }
    }

    func testEachWayAFileCanBeWrongIsRefusedWithItsLine() {
        let cases: [(String, Int?, String)] = [
            ("0 0.1 B\n0.1 0.2 QQ", 2, "'QQ' is not an ARPAbet phoneme"),
            ("0 0.1 B\n0.1 x AA", 2, "'x' is not a time in seconds"),
            ("0 0.1 B\n0.3 0.2 AA", 2, "ends (0.2) before it starts (0.3)"),
            ("0 0.3 B\n0.1 0.4 AA", 2, "before the phoneme above ends"),
            ("0 0.1 B AA", 1, "found 4 fields"),
            ("b:0.2 aa:0.1", 1, "ends before the phoneme before it"),
            ("b:0.2 aa", 1, "expected phone:end"),
            ("b:-1", 1, "not a time in seconds"),
            ("b:nan", 1, "not a time in seconds"),
            ("", nil, "holds no phonemes"),
            ("# only a comment\n", nil, "holds no phonemes"),
            ("pau:0.5 sil:0.7", nil, "holds only silence"),
        ]
        for (text, line, reason) in cases {
            XCTAssertThrowsError(try PhonemeTimingFile.parse(text, path: "t.lab"), text) { error in
                guard case .invalid(let path, let errorLine, let errorReason) = error as? PhonemeTimingError else {
                    return XCTFail("\(text): \(error)")
                }
                XCTAssertEqual(path, "t.lab")
                XCTAssertEqual(errorLine, line, text)
                XCTAssertTrue(errorReason.contains(reason), "\(text): \(errorReason)")
            }
        }
    }

    func testAMissingFileIsMissingAndBinaryBytesAreNotText() throws {
        XCTAssertThrowsError(try PhonemeTimingFile.read("/no/such/timing.lab")) { error in
            XCTAssertEqual(error as? PhonemeTimingError, .missing(path: "/no/such/timing.lab"))
        }
        let path = NSTemporaryDirectory() + "timing-\(getpid()).lab"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0xFF, 0xFE, 0x00, 0x81]).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PhonemeTimingFile.read(path)) { error in
            XCTAssertEqual(
                error as? PhonemeTimingError, .invalid(path: path, line: nil, reason: "it is not UTF-8 text"))
        }
    }
}
