import XCTest

@testable import Motion

final class PhonemeTests: XCTestCase {
    func testInventoryHasTheThirtyNineCMUPhonemesAndSilence() {
        XCTAssertEqual(Phoneme.allCases.count, 40)
        XCTAssertEqual(Phoneme.allCases.filter(\.isVowel).count, 15)
        XCTAssertEqual(Set(Phoneme.allCases.filter(\.isBilabial)), [.P, .B, .M])
    }

    func testTimedPhonemeRoundTripsThroughJSON() throws {
        let original = TimedPhoneme(.M, start: 0.25, end: 0.31)
        let decoded = try JSONDecoder().decode(TimedPhoneme.self, from: JSONEncoder().encode(original))
        XCTAssertEqual(decoded, original)
        XCTAssertEqual(decoded.duration, 0.06, accuracy: 1e-12)
    }
}
