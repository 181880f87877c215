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

    /// The URL of the model file `name` (e.g. "face_landmark.tflite").
    public static func url(for name: String) throws(NNError) -> URL {
        let folders = searchPaths()
        for folder in folders {
            let candidate = folder.appending(path: name)
            if FileManager.default.isReadableFile(atPath: candidate.path) { return candidate }
        }
        throw .modelNotFound(name: name, searched: folders.map(\.path))
    }
}
