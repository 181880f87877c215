import Foundation

/// Where pocketsphinx's US English model lives: the acoustic model folder, the phone language model
/// (allphone search), the word language model (word recognition) and the pronouncing dictionary. Checked up front so a
/// missing package is one clear error, not a pocketsphinx log line.
struct SphinxModelFiles: Sendable, Equatable {
    let acousticModel: String
    let phoneLanguageModel: String
    let dictionary: String
    let wordLanguageModel: String

    init(modelDirectory: String) throws(RecognitionError) {
        let root = URL(fileURLWithPath: modelDirectory)
        acousticModel = root.appendingPathComponent("en-us").path
        phoneLanguageModel = root.appendingPathComponent("en-us-phone.lm.bin").path
        dictionary = root.appendingPathComponent("cmudict-en-us.dict").path
        wordLanguageModel = root.appendingPathComponent("en-us.lm.bin").path
        // `mdef` stands for the acoustic model: without it nothing else in the folder is usable.
        let required = [
            modelDirectory, acousticModel, acousticModel + "/mdef", phoneLanguageModel, dictionary, wordLanguageModel,
        ]
        for path in required where !FileManager.default.fileExists(atPath: path) {
            throw .modelMissing(path: path)
        }
    }
}
