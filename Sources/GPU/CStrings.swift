import Foundation

/// Calls `body` with a C array of C strings that live for the duration of the call.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws(GPUError) -> R)
    throws(GPUError) -> R
{
    let duplicated: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { for string in duplicated { free(string) } }
    let pointers = duplicated.map { UnsafePointer($0) }
    return try pointers.withUnsafeBufferPointer { (buffer) throws(GPUError) -> R in
        try body(strings.isEmpty ? nil : buffer.baseAddress)
    }
}

/// Reads a fixed-size C character array imported as a tuple (e.g. `deviceName`).
func string<T>(fromCharacterTuple tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
