import Foundation

/// Writes a whole file or nothing: into a hidden temporary name in the destination folder, then renamed
/// over the destination, so an interrupted or failed write never leaves a partial output. Existing files
/// are replaced only with `overwrite`, and only regular files (`OutputPath`).
public enum AtomicFileWriter {
    public static func write(_ data: Data, to path: String, overwrite: Bool) throws(MediaError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw .cannotCreateOutput(path: path, reason: "the folder \(folder) does not exist")
        }
        try OutputPath.check(path, overwrite: overwrite)
        let temporary = OutputPath.temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw .cannotCreateOutput(path: path, reason: "the folder is not writable or the disk is full")
        }
        try OutputPath.commit(temporary: temporary, to: path, overwrite: overwrite)
    }
}
