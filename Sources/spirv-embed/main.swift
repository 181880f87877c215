// spirv-embed: compiles GLSL compute shaders with glslc and writes a Swift file that embeds
// the SPIR-V (base64, decoded once at run time). Used by SPIRVCompilerPlugin at build time.
//
//   spirv-embed --output Out.swift --include Shaders/ a.comp b.comp ...
//
// A shader may ask for extra variants with a first-lines comment:
//   // variants: fp16
// which also compiles it with -DFP16_STORAGE=1 under the name "<name>.fp16".
//
// It also writes `Shader`, one case per kernel with the bindings and push-constant size its SPIR-V declares
// (`ShaderInterface`), which the Swift side builds its pipeline layouts from.
//
//   spirv-embed --constants Shaders/interface.glsl --output Out.swift
//
// writes the Swift side of the codes and sizes the kernels share with their encoders (`SharedConstants`).
import Foundation

struct Failure: Error, CustomStringConvertible { let description: String }

func findGLSLC() throws -> URL {
    if let explicit = ProcessInfo.processInfo.environment["GLSLC"] { return URL(fileURLWithPath: explicit) }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(directory)).appending(path: "glslc")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw Failure(description: "error: glslc not found on PATH; install it with `make deps` (Debian package glslc)")
}

/// Variant name suffix -> extra preprocessor definitions.
let knownVariants: [String: [String]] = ["fp16": ["-DFP16_STORAGE=1"]]

func variants(of source: String) throws -> [String] {
    for line in source.split(separator: "\n").prefix(20) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("// variants:") else { continue }
        let names = trimmed.dropFirst("// variants:".count).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for name in names where knownVariants[name] == nil {
            throw Failure(
                description: "error: unknown shader variant '\(name)' (known: \(knownVariants.keys.sorted()))")
        }
        return names
    }
    return []
}

func compile(_ shader: URL, defines: [String], include: String, glslc: URL, scratch: URL) throws -> Data {
    let process = Process()
    process.executableURL = glslc
    process.arguments =
        ["--target-env=vulkan1.2", "-O", "-Werror", "-I", include] + defines
        + ["-o", scratch.path, shader.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw Failure(description: String(decoding: message, as: UTF8.self))
    }
    return try Data(contentsOf: scratch)
}

func run() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    func option(_ name: String) throws -> String {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
            throw Failure(
                description: "usage: spirv-embed --output FILE (--include DIR SHADER... | --constants HEADER)")
        }
        let value = arguments[index + 1]
        arguments.removeSubrange(index...index + 1)
        return value
    }
    let output = URL(fileURLWithPath: try option("--output"))
    if arguments.contains("--constants") {
        let header = URL(fileURLWithPath: try option("--constants"))
        let text = try SharedConstants(header: String(contentsOf: header, encoding: .utf8), path: header.path).swift
        return try writeIfChanged(text, to: output)
    }
    let include = try option("--include")
    let glslc = try findGLSLC()
    let scratch = FileManager.default.temporaryDirectory
        .appending(path: "spirv-embed-\(ProcessInfo.processInfo.processIdentifier).spv")
    defer { try? FileManager.default.removeItem(at: scratch) }

    var entries: [(String, String)] = []
    var interfaces: [(name: String, interface: ShaderInterface)] = []
    for path in arguments {
        let shader = URL(fileURLWithPath: path)
        let name = shader.deletingPathExtension().lastPathComponent
        let source = try String(contentsOf: shader, encoding: .utf8)
        let words = try compile(shader, defines: [], include: include, glslc: glslc, scratch: scratch)
        let interface = try ShaderInterface(spirv: wordsOf(words), name: name)
        interfaces.append((name, interface))
        entries.append((name, words.base64EncodedString()))
        for variant in try variants(of: source) {
            let words = try compile(
                shader, defines: knownVariants[variant] ?? [], include: include,
                glslc: glslc, scratch: scratch)
            guard try ShaderInterface(spirv: wordsOf(words), name: "\(name).\(variant)") == interface else {
                throw Failure(
                    description: "error: \(name).\(variant) binds other buffers or push constants than \(name)")
            }
            entries.append(("\(name).\(variant)", words.base64EncodedString()))
        }
    }

    var text = "// Generated by spirv-embed from Shaders/*.comp. Do not edit.\n\n"
    text += "extension ShaderLibrary {\n    static let embedded: [String: String] = [\n"
    for (name, base64) in entries { text += "        \"\(name)\": \"\(base64)\",\n" }
    text += entries.isEmpty ? "        :\n" : ""
    text += "    ]\n}\n"
    text += shaderEnum(interfaces)
    try writeIfChanged(text, to: output)
}

/// Leaves an unchanged output untouched, so nothing downstream rebuilds.
func writeIfChanged(_ text: String, to output: URL) throws {
    let data = Data(text.utf8)
    if (try? Data(contentsOf: output)) != data { try data.write(to: output, options: .atomic) }
}

/// SPIR-V words from the bytes glslc wrote (little-endian).
func wordsOf(_ data: Data) -> [UInt32] {
    stride(from: 0, to: data.count - data.count % 4, by: 4).map { offset in
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[data.startIndex + offset + $1]) << (8 * UInt32($1)) }
    }
}

/// "conv_transpose2d" -> "convTranspose2d".
func caseName(_ file: String) -> String {
    let parts = file.split(separator: "_")
    return parts.enumerated().map {
        $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst()
    }
    .joined()
}

/// The `Shader` enum: one case per kernel, with its interface.
func shaderEnum(_ interfaces: [(name: String, interface: ShaderInterface)]) -> String {
    var text = "\n/// Every kernel in Shaders/, named by its file, with the pipeline layout its SPIR-V declares.\n"
    text += "public enum Shader: String, CaseIterable, Sendable {\n"
    for (name, _) in interfaces { text += "    case \(caseName(name)) = \"\(name)\"\n" }
    text +=
        "\n    /// Storage buffers the kernel binds, at bindings 0..<bindings of set 0.\n    public var bindings: Int {\n        switch self {\n"
    for (name, interface) in interfaces { text += "        case .\(caseName(name)): \(interface.bindings)\n" }
    text +=
        "        }\n    }\n\n    /// Bytes in the kernel's push-constant block (0 without one).\n    public var pushConstantBytes: Int {\n        switch self {\n"
    for (name, interface) in interfaces { text += "        case .\(caseName(name)): \(interface.pushConstantBytes)\n" }
    text += "        }\n    }\n}\n"
    return text
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
