import Foundation

/// The rules every file the program writes follows, so no user file is lost: an output never names one of the
/// command's own inputs (whatever the spelling: same device and inode), `--force` replaces only regular files
/// (never a device, a folder or a pipe), and without it a file that appears at the output path while the work runs
/// is kept, the finished result is not renamed over it.
public enum OutputPath {
    /// Checked before any work: throws `.invalidRequest` when `path` is one of `inputs`, `.outputNotAFile` when
    /// it exists and is not a regular file, `.outputExists` when it exists and `overwrite` is off.
    public static func check(_ path: String, inputs: [String] = [], overwrite: Bool) throws(MediaError) {
        let nameBytes = URL(fileURLWithPath: path).lastPathComponent.utf8.count
        let nameLimit = maxNameBytes(inFolderOf: path)
        guard nameBytes <= nameLimit else {
            throw .invalidRequest(
                "The output name \(path) is \(nameBytes) bytes long, its folder allows \(nameLimit); choose a shorter name"
            )
        }
        var target = stat()
        guard lstat(path, &target) == 0 else { return } // nothing there yet
        for input in inputs {
            var source = stat()
            if stat(input, &source) == 0, source.st_dev == target.st_dev, source.st_ino == target.st_ino {
                throw .invalidRequest(
                    "The output \(path) is the input \(input); write the result to another file (it would replace its own source)"
                )
            }
        }
        let type = target.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFLNK else { throw .outputNotAFile(path: path) }
        if type == S_IFLNK {
            // The final rename replaces the link itself; still, a link to a device or folder is not a file to replace.
            var pointee = stat()
            if stat(path, &pointee) == 0, pointee.st_mode & S_IFMT != S_IFREG { throw .outputNotAFile(path: path) }
        }
        if !overwrite { throw .outputExists(path: path) }
    }

    /// A hidden name in `path`'s folder to write the result under until `commit`: `.NAME.XXXXXXXX.partial`, with
    /// NAME shortened (on a character boundary) when the whole would pass the folder's name limit.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let suffix = ".\(UUID().uuidString.prefix(8)).partial"
        let room = maxNameBytes(inFolderOf: path) - 1 - suffix.utf8.count
        var name = Substring(url.lastPathComponent)
        while name.utf8.count > room { name = name.dropLast() }
        return url.deletingLastPathComponent().appendingPathComponent(".\(name)\(suffix)").path
    }

    /// The longest file name, in bytes, the folder holding `path` accepts (255 on the usual filesystems).
    static func maxNameBytes(inFolderOf path: String) -> Int {
        let limit = pathconf(URL(fileURLWithPath: path).deletingLastPathComponent().path, Int32(_PC_NAME_MAX))
        return limit > 0 ? limit : 255
    }

    /// Moves the finished `temporary` file (in the same folder) to `path`. With `overwrite` it replaces what is
    /// there; without it, it never does: link(2) fails on an existing name, so a file that appeared since `check`
    /// stays and the write fails with `.outputExists` (the temporary file is removed either way). Filesystems
    /// without hard links fall back to a last existence check and rename(2).
    public static func commit(temporary: String, to path: String, overwrite: Bool) throws(MediaError) {
        defer { unlink(temporary) }
        if overwrite {
            guard rename(temporary, path) == 0 else {
                throw .cannotCreateOutput(path: path, reason: String(cString: strerror(errno)))
            }
            return
        }
        if link(temporary, path) == 0 { return }
        let error = errno
        if error == EEXIST { throw .outputExists(path: path) }
        guard [EPERM, EXDEV, ENOTSUP, EOPNOTSUPP, EMLINK].contains(error) else {
            throw .cannotCreateOutput(path: path, reason: String(cString: strerror(error)))
        }
        var existing = stat()
        if lstat(path, &existing) == 0 { throw .outputExists(path: path) }
        guard rename(temporary, path) == 0 else {
            throw .cannotCreateOutput(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
