import Foundation
import PackagePlugin

/// On ShaderLibrary: compiles every `Shaders/*.comp` to SPIR-V with glslc and embeds the words in the
/// target as a generated Swift file, so the binary finds its kernels from any directory.
/// A shader that fails to compile fails the build with glslc's own message.
/// On Kernels: generates the Swift side of `Shaders/interface.glsl`, the codes and sizes kernels and encoders share.
@main
struct SPIRVCompilerPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let shaderDirectory = context.package.directoryURL.appending(path: "Shaders")
        let embedder = try context.tool(named: "spirv-embed")
        if target.name == "Kernels" {
            let header = shaderDirectory.appending(path: "interface.glsl")
            let output = context.pluginWorkDirectoryURL.appending(path: "SharedConstants.swift")
            return [
                .buildCommand(
                    displayName: "Generating the Swift side of Shaders/interface.glsl",
                    executable: embedder.url,
                    arguments: ["--constants", header.path, "--output", output.path],
                    inputFiles: [header],
                    outputFiles: [output]
                )
            ]
        }
        let files = try FileManager.default
            .contentsOfDirectory(at: shaderDirectory, includingPropertiesForKeys: nil)
            .filter { ["comp", "glsl"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let kernels = files.filter { $0.pathExtension == "comp" }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedShaders.swift")
        return [
            .buildCommand(
                displayName: "Compiling \(kernels.count) compute shaders to SPIR-V",
                executable: embedder.url,
                arguments: ["--output", output.path, "--include", shaderDirectory.path] + kernels.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
