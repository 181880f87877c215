import Foundation

/// A second pocketsphinx decoder, loaded on first use and shared by a recognizer's copies: the closure
/// evidence search runs with its own settings (`SphinxSettings.closureEvidence`) and, being its own
/// decoder, beside the word search on another core. Alignment of a transcript never loads it.
final class LazySphinxDecoder: @unchecked Sendable {
    private let lock = NSLock()
    private let files: SphinxModelFiles
    private let settings: SphinxSettings
    private var loaded: SphinxDecoder?

    init(files: SphinxModelFiles, settings: SphinxSettings) {
        self.files = files
        self.settings = settings
    }

    /// The decoder, loaded now if this is the first use (~0.3 s of CPU).
    func decoder() throws(RecognitionError) -> SphinxDecoder {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let decoder = try SphinxDecoder(files: files, settings: settings)
        loaded = decoder
        return decoder
    }
}
