import Foundation
import ModelFiles
import NN
import XCTest

@testable import ModelFiles

/// Shipped models are checked against Models/SHA256SUMS: a flipped weight is an error, not a different person mask.
final class ModelIntegrityTests: XCTestCase {
    func testSHA256MatchesTheStandardsTestVectors() {
        XCTAssertEqual(SHA256.hex(of: [UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // A million 'a's, fed in uneven pieces (blocks straddle the calls).
        var hasher = SHA256()
        var fed = 0
        for size in [1, 63, 64, 65, 1000, 4096].cycled(while: { fed < 1_000_000 }) {
            let count = min(size, 1_000_000 - fed)
            hasher.update([UInt8](repeating: 0x61, count: count))
            fed += count
        }
        XCTAssertEqual(hasher.finalize(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testEveryShippedModelMatchesItsListedDigest() throws {
        for name in [
            "face_detection_short_range.tflite", "face_landmark.tflite", "pose_landmark_full.tflite",
            "selfie_segmentation.tflite", "canonical_face_model.obj",
        ] {
            XCTAssertNoThrow(try ModelLocator.url(for: name), name)
        }
    }

    func testAModelWithOneFlippedBitIsDamaged() throws {
        let original = try ModelLocator.url(for: "selfie_segmentation.tflite")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: original.deletingLastPathComponent().appending(path: "SHA256SUMS"),
            to: folder.appending(path: "SHA256SUMS"))
        var bytes = try Data(contentsOf: original)
        bytes[bytes.count / 2] ^= 0x01
        let damaged = folder.appending(path: "selfie_segmentation.tflite")
        try bytes.write(to: damaged)
        XCTAssertThrowsError(try ModelLocator.verify(damaged, name: "selfie_segmentation.tflite")) { error in
            XCTAssertEqual(error as? ModelFileError, .damaged(name: "selfie_segmentation.tflite", path: damaged.path))
        }
        // Without a listing (someone's own models folder) nothing is checked.
        try FileManager.default.removeItem(at: folder.appending(path: "SHA256SUMS"))
        XCTAssertNoThrow(try ModelLocator.verify(damaged, name: "selfie_segmentation.tflite"))
    }
}

extension Array {
    /// The elements again and again while `condition` holds (checked before each one).
    fileprivate func cycled(while condition: @escaping () -> Bool) -> AnySequence<Element> {
        AnySequence { () -> AnyIterator<Element> in
            var index = 0
            return AnyIterator {
                guard !self.isEmpty, condition() else { return nil }
                defer { index = (index + 1) % self.count }
                return self[index]
            }
        }
    }
}
