/// What finding a shipped model file can fail with. Each case reads as one sentence.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The folder VLOGGER_MODELS names does not exist.
    case folderMissing(path: String)
    /// A model file the program ships could not be found.
    case notFound(name: String, searched: [String])
    /// A shipped model file's bytes differ from its line in the SHA256SUMS beside it.
    case damaged(name: String, path: String)

    public var description: String {
        switch self {
        case .folderMissing(let path):
            "VLOGGER_MODELS names \(path), which is not a folder; point it at a folder of models or unset it to use the built-in ones."
        case .notFound(let name, let searched):
            "The model file \(name) was not found (looked in \(searched.joined(separator: ", "))); set VLOGGER_MODELS to the Models folder."
        case .damaged(let name, let path):
            "The model file \(path) is damaged (its SHA-256 differs from \(name)'s line in SHA256SUMS beside it); restore it from the release or the repository (git checkout Models/)."
        }
    }
}
