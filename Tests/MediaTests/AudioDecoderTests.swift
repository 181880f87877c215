import CSndFile
import Foundation
import Media
import MediaFixtures
import XCTest

final class AudioDecoderTests: XCTestCase {
    static let rates = [8_000, 22_050, 44_100, 48_000]
    static let frequency = 440.0, amplitude = 0.5, seconds = 0.5

    /// Fits a*sin + b*cos at `frequency` over the middle of `signal` (16 kHz) and returns the
    /// amplitude and the RMS of what the fitted tone does not explain. Phase-blind, so it also
    /// works for codecs that shift the signal in time (MP3's encoder delay).
    static func fitTone(_ signal: [Float], frequency: Double) -> (amplitude: Double, residual: Double) {
        let range = (signal.count / 5)..<(signal.count * 4 / 5)
        var sinSum = 0.0
        var cosSum = 0.0
        for index in range {
            let phase = 2 * Double.pi * frequency * Double(index) / 16_000
            sinSum += Double(signal[index]) * sin(phase)
            cosSum += Double(signal[index]) * cos(phase)
        }
        let a = 2 * sinSum / Double(range.count)
        let b = 2 * cosSum / Double(range.count)
        var residual = 0.0
        for index in range {
            let phase = 2 * Double.pi * frequency * Double(index) / 16_000
            let error = Double(signal[index]) - (a * sin(phase) + b * cos(phase))
            residual += error * error
        }
        return ((a * a + b * b).squareRoot(), (residual / Double(range.count)).squareRoot())
    }

    func testWAVAndFLACAtEveryRateAndLayoutBecomeTheSame16kHzTone() throws {
        let folder = try makeScratchFolder(self)
        let formats: [(String, Int32)] = [
            ("wav", Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)),
            ("flac", Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)),
        ]
        for rate in Self.rates {
            for channels in [1, 2] {
                for (suffix, format) in formats {
                    let label = "\(rate) Hz x\(channels) \(suffix)"
                    let url = folder.appendingPathComponent("tone-\(rate)-\(channels).\(suffix)")
                    try writeSoundFile(
                        tone(
                            frequency: Self.frequency, sampleRate: rate, seconds: Self.seconds,
                            channels: channels, amplitude: Self.amplitude),
                        sampleRate: rate, channels: channels, format: format, to: url)
                    let audio = try SpeechAudio(path: url.path)
                    XCTAssertEqual(audio.original.sampleRate, rate, label)
                    XCTAssertEqual(audio.original.channels, channels, label)
                    XCTAssertEqual(audio.original.frameCount, Int(Double(rate) * Self.seconds), label)
                    let analysis = try audio.analysis
                    XCTAssertEqual(analysis.count, 8_000, accuracy: 2, label)
                    // Sample-exact comparison with the ideal 16 kHz tone (resampling keeps time alignment).
                    let expected = tone(
                        frequency: Self.frequency, sampleRate: 16_000, seconds: Self.seconds,
                        amplitude: Self.amplitude)
                    var worst: Float = 0
                    for index in 200..<(min(expected.count, analysis.count) - 200) {
                        let difference = abs(analysis[index] - expected[index])
                        worst = worst.isNaN || difference.isNaN ? .nan : max(worst, difference) // NaN stays the worst
                    }
                    XCTAssertLessThan(worst, 0.01, label)
                }
            }
        }
    }

    func testMP3AtEveryRateAndLayoutBecomesThe16kHzTone() throws {
        let folder = try makeScratchFolder(self)
        for rate in Self.rates {
            for channels in [1, 2] {
                let label = "mp3 \(rate) Hz x\(channels)"
                let url = folder.appendingPathComponent("tone-\(rate)-\(channels).mp3")
                try writeMP3(
                    tone(
                        frequency: Self.frequency, sampleRate: rate, seconds: Self.seconds,
                        channels: channels, amplitude: Self.amplitude),
                    sampleRate: rate, channels: channels, to: url)
                let audio = try SpeechAudio(path: url.path)
                XCTAssertEqual(audio.original.sampleRate, rate, label)
                XCTAssertEqual(audio.original.channels, channels, label)
                // MP3 adds encoder delay and pads to whole frames (1152 samples), never removes audio.
                XCTAssertEqual(audio.original.duration, Self.seconds + 0.1, accuracy: 0.12, label)
                let fit = Self.fitTone(try audio.analysis, frequency: Self.frequency)
                // LAME codes 8 kHz (MPEG-2.5) coarsely: the tone comes back at the right frequency with a steady
                // envelope but ~-20 dB of coding noise (checked: libsndfile/mpg123 and libavcodec decode it the same).
                let noise = rate == 8_000 ? 0.06 : 0.02
                XCTAssertEqual(fit.amplitude, Self.amplitude, accuracy: rate == 8_000 ? 0.05 : 0.03, label)
                XCTAssertLessThan(fit.residual, noise, label)
            }
        }
    }

    func testOggVorbisAndOpusDecodeToTheTone() throws {
        let folder = try makeScratchFolder(self)
        let cases: [(String, Int32, Int, Int)] = [
            ("vorbis.ogg", Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS), 44_100, 2),
            ("speech.opus", Int32(SF_FORMAT_OGG | SF_FORMAT_OPUS), 48_000, 1),
        ]
        for (name, format, rate, channels) in cases {
            let url = folder.appendingPathComponent(name)
            try writeSoundFile(
                tone(
                    frequency: Self.frequency, sampleRate: rate, seconds: 1, channels: channels,
                    amplitude: Self.amplitude),
                sampleRate: rate, channels: channels, format: format, to: url)
            let audio = try SpeechAudio(path: url.path)
            XCTAssertEqual(audio.original.channels, channels, name)
            XCTAssertEqual(audio.original.duration, 1, accuracy: 0.05, name)
            let fit = Self.fitTone(try audio.analysis, frequency: Self.frequency)
            XCTAssertEqual(fit.amplitude, Self.amplitude, accuracy: 0.03, name)
            XCTAssertLessThan(fit.residual, 0.02, name)
        }
    }

    func testResamplingAveragesChannelsForMono() throws {
        // Left = +0.5, right = -0.25 (DC): the mono mix is their mean.
        let clip = AudioClip(samples: Array([Float]([0.5, -0.25]).repeated(16_000)), sampleRate: 16_000, channels: 2)
        let mono = try clip.mono(sampleRate: 16_000)
        XCTAssertEqual(mono.count, 16_000)
        XCTAssertEqual(mono[8_000], 0.125, accuracy: 1e-6)
    }

    func testZeroLengthAudioIsRejected() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("empty.wav")
        try writeSoundFile(
            [], sampleRate: 16_000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16), to: url)
        XCTAssertThrowsError(try SpeechAudio(path: url.path)) { error in
            XCTAssertEqual(error as? MediaError, .emptyAudio(path: url.path))
        }
    }

    func testAStreamWhoseDecoderWillNotOpenIsCorruptNotACrash() throws {
        // IMA-ADPCM, one channel, a 512-byte block of 16-bit samples: FFmpeg refuses to open the decoder. Its
        // context used to be freed twice (by the failing initializer and by deinit): "double free or corruption".
        func le(_ value: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8((value >> (8 * $0)) & 0xff) } }
        let fmt: [UInt8] =
            le(0x11, 2) + le(1, 2) + le(16_000, 4) + le(16_000, 4) + le(512, 2) + le(16, 2) + le(2, 2) + le(505, 2)
        let data = [UInt8](repeating: 0x5a, count: 4_096)
        let body: [UInt8] =
            Array("WAVE".utf8) + Array("fmt ".utf8) + le(fmt.count, 4) + fmt + Array("data".utf8) + le(data.count, 4)
            + data
        let url = try makeScratchFolder(self).appendingPathComponent("adpcm.wav")
        try Data(Array("RIFF".utf8) + le(body.count, 4) + body).write(to: url)
        for _ in 0..<3 {
            XCTAssertThrowsError(try SpeechAudio(path: url.path)) { error in
                guard case .corrupt(url.path, _)? = error as? MediaError else { return XCTFail("\(error)") }
            }
        }
    }

    func testAllSilentAudioIsRejected() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("silence.flac")
        try writeSoundFile(
            [Float](repeating: 0, count: 32_000), sampleRate: 16_000, channels: 2,
            format: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16), to: url)
        XCTAssertThrowsError(try SpeechAudio(path: url.path)) { error in
            XCTAssertEqual(error as? MediaError, .silentAudio(path: url.path))
        }
    }

    func testTextFileNamedWAVIsCorruptData() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("speech.wav")
        try Data("Hello, this is a transcript, not audio.\n".utf8).write(to: url)
        XCTAssertThrowsError(try SpeechAudio(path: url.path)) { error in
            guard case .corrupt(let path, _) = error as? MediaError else { return XCTFail("got \(error)") }
            XCTAssertEqual(path, url.path)
        }
    }

    func testImageHasNoAudioStream() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("face.png")
        try writeImage(
            [UInt8](repeating: 128, count: 8 * 8 * 3), width: 8, height: 8, channels: 3, encoder: "png", to: url)
        XCTAssertThrowsError(try SpeechAudio(path: url.path)) { error in
            XCTAssertEqual(error as? MediaError, .noAudioStream(path: url.path))
        }
    }

    func testDevicesAndFoldersAreRefusedWithoutBlocking() throws {
        for path in ["/dev/zero", "/tmp"] {
            XCTAssertThrowsError(try SpeechAudio(path: path)) { error in
                guard case .inputNotAFile(path, _)? = error as? MediaError else { return XCTFail("\(path): \(error)") }
            }
        }
    }

    func testMissingAudioIsMissingInput() {
        XCTAssertThrowsError(try SpeechAudio(path: "/nonexistent/speech.mp3")) { error in
            XCTAssertEqual(error as? MediaError, .missingInput(path: "/nonexistent/speech.mp3"))
        }
    }
}

extension Array {
    /// The array's elements repeated `count` times.
    func repeated(_ count: Int) -> [Element] { (0..<count).flatMap { _ in self } }
}
