import Foundation

/// Finds the model files the program ships (Models/ in the repository).
public enum ModelLocator {
    /// Folders searched, in order: `$VLOGGER_MODELS`, `<executable>/../../Models` (a build under
    /// `.build/<configuration>/`), `<executable>/../share/vlogger-gpu/Models`, then `./Models`.
    public static func searchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var paths: [URL] = []
        if let folder = environment["VLOGGER_MODELS"], !folder.isEmpty { paths.append(URL(fileURLWithPath: folder)) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let binFolder = executable.deletingLastPathComponent()
        paths.append(binFolder.appending(path: "../../Models").standardizedFileURL)
        paths.append(binFolder.appending(path: "../../../Models").standardizedFileURL)
        paths.append(binFolder.appending(path: "../share/vlogger-gpu/Models").standardizedFileURL)
        paths.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appending(path: "Models"))
        return paths
    }

    /// The URL of the model file `name` (e.g. "face_landmark.tflite"), checked against the SHA256SUMS beside it
    /// (`verify`): a damaged shipped model is an error, not a silently different mask or pose.
    public static func url(for name: String) throws(ModelFileError) -> URL {
        try requireNamedFolder()
        let folders = searchPaths()
        for folder in folders {
            let candidate = folder.appending(path: name)
            if FileManager.default.isReadableFile(atPath: candidate.path) {
                try verify(candidate, name: name)
                return candidate
            }
        }
        throw .notFound(name: name, searched: folders.map(\.path))
    }

    /// A VLOGGER_MODELS naming no folder is a mistake to report (a typo would otherwise be hidden by the
    /// built-in models); a folder that lacks one model still falls through to the next place.
    public static func requireNamedFolder(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ModelFileError)
    {
        guard let folder = environment["VLOGGER_MODELS"], !folder.isEmpty else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .folderMissing(path: folder)
        }
    }

    private static let lock = NSLock()
    /// Paths already checked in this process (a model is loaded several times; hashing 8 MB costs ~50 ms).
    nonisolated(unsafe) private static var verified: Set<String> = []

    /// Throws `.damaged` when `file`'s SHA-256 differs from `name`'s line in the SHA256SUMS of its folder.
    /// A folder without SHA256SUMS, or one that does not list `name`, is someone's own models: not checked.
    public static func verify(_ file: URL, name: String) throws(ModelFileError) {
        lock.lock()
        defer { lock.unlock() }
        guard !verified.contains(file.path) else { return }
        let sums = file.deletingLastPathComponent().appending(path: "SHA256SUMS")
        guard let listing = try? String(contentsOf: sums, encoding: .utf8) else { return }
        let lines = listing.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        guard let expected = lines.first(where: { $0.count == 2 && $0[1] == name })?[0].lowercased() else { return }
        // Unreadable bytes are reported where the file is parsed.
        guard let data = try? Data(contentsOf: file) else { return }
        guard SHA256.hex(of: data) == expected else { throw .damaged(name: name, path: file.path) }
        verified.insert(file.path)
    }
}
