// swift-tools-version: 6.0
// vlogger-gpu: photo + speech -> talking video, on Vulkan compute. See README.md and docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "vlogger-gpu",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vlogger-gpu", targets: ["vlogger-gpu"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // C shims over system libraries (found with pkg-config).
        .systemLibrary(
            name: "CVulkan",
            pkgConfig: "vulkan",
            providers: [.apt(["libvulkan-dev"])]
        ),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libswscale libswresample libavutil",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libswresample-dev", "libavutil-dev"])
            ]
        ),
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(
            name: "CEspeak",
            pkgConfig: "espeak-ng",
            providers: [.apt(["libespeak-ng-dev"])]
        ),
        .systemLibrary(
            name: "CPocketSphinx",
            pkgConfig: "pocketsphinx sphinxbase",
            providers: [.apt(["libpocketsphinx-dev"])]
        ),

        // Build tooling: Shaders/*.comp -> SPIR-V (glslc) -> embedded in the binary.
        .executableTarget(name: "spirv-embed"),
        .plugin(
            name: "SPIRVCompilerPlugin",
            capability: .buildTool(),
            dependencies: ["spirv-embed"]
        ),
        .target(
            name: "ShaderLibrary",
            plugins: ["SPIRVCompilerPlugin"]
        ),

        // GPU runtime: devices, buffers, pipelines, command streams, profiling. Knows nothing about models.
        .target(name: "GPU", dependencies: ["CVulkan"]),

        // One Swift type per shader: shape checks, dispatch, CPU reference.
        .target(name: "Kernels", dependencies: ["GPU", "ShaderLibrary"], plugins: ["SPIRVCompilerPlugin"]),

        // Finding the shipped model files (VLOGGER_MODELS, the build's or the install's Models/) and checking them
        // against SHA256SUMS. No GPU: the body model reads its canonical face through it too.
        .target(name: "ModelFiles"),

        // The vocabulary perception hands to the body model: points, boxes, face and pose landmarks and the face's
        // measures. No GPU, so Body and Motion build and test without Vulkan.
        .target(name: "Landmarks"),

        // Tensors, the .tflite reader and the graph executor over Kernels.
        .target(name: "NN", dependencies: ["GPU", "Kernels", "ModelFiles"]),

        // Image/audio/video decode, MP4 encode, TTS, prosody (energy, pitch). CPU only.
        .target(name: "Media", dependencies: ["CFFmpeg", "CSndFile", "CEspeak"]),

        // Benchmarks/mp4-memory.sh: peak RSS of streaming MP4 encoding at several lengths.
        .executableTarget(name: "mp4-memory-bench", dependencies: ["Media"]),

        // Perception: face detection, face mesh, pose, segmentation (decoding and geometry; models run on NN).
        .target(name: "Perception", dependencies: ["NN", "Kernels", "GPU", "Landmarks", "ModelFiles"]),

        // The parametric face and upper-body model: fitting to a photo, blendshapes, head pose, skinning. CPU only.
        .target(name: "Body", dependencies: ["Landmarks", "ModelFiles"]),

        // Stage 1: phonemes (espeak-ng events, pocketsphinx recognition and alignment) -> visemes, prosody ->
        // head and body, blinks and gaze: a seeded per-frame track of Body.Controls. CPU only.
        .target(name: "Motion", dependencies: ["Body", "Media", "CPocketSphinx"]),

        // Stage 2 on the GPU: fit the subject to the photo's analysis, rasterize the posed layers, warp the photo
        // through them, composite over the plate.
        .target(name: "Render", dependencies: ["Body", "Kernels", "GPU", "Perception", "Landmarks", "Media"]),

        // Pictures on the CPU: an RGB canvas with a bitmap font, and the motion plot (`motion --plot`).
        .target(name: "Drawing", dependencies: ["Media", "Motion", "Body"]),

        // Orchestration of the commands (analyze, pose, render, edit, translate).
        .target(
            name: "Pipeline",
            dependencies: [
                "Perception", "Landmarks", "Body", "Motion", "Render", "Drawing", "Media", "NN",
                "GPU", "ModelFiles", "SpeechNetwork",
            ]),

        // The speech-to-mouth network (Training/): safetensors weights, the network on the GPU kernels and on their
        // CPU references.
        .target(name: "SpeechNetwork", dependencies: ["GPU", "Kernels", "NN", "Media", "Motion"]),

        // `vlogger-gpu bench kernels`: realistic shapes, GPU time from timestamps vs the CPU references.
        .target(name: "KernelBenchmarks", dependencies: ["GPU", "Kernels"]),

        // `vlogger-gpu bench lipsync|mouth-sync|models|motion|pose`: whole stages on real inputs, and the measures
        // they score with (lip-sync accuracy against aligned transcripts, rendered mouth vs the audio envelope).
        .target(
            name: "StageBenchmarks",
            dependencies: [
                "Pipeline", "Perception", "Landmarks", "NN", "ModelFiles", "Motion",
                "Media", "Render", "Body", "GPU",
            ]),

        // The command-line tool: argument parsing and messages only.
        .executableTarget(
            name: "vlogger-gpu",
            dependencies: [
                "GPU", "Kernels", "KernelBenchmarks", "StageBenchmarks", "Pipeline", "Drawing", "Media", "NN",
                "ModelFiles", "Perception", "Landmarks",
                "Body", "Motion", "Render",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Parsers of untrusted input on arbitrary bytes: libFuzzer harnesses under `make fuzz`, a replay tool otherwise.
        .executableTarget(name: "vlogger-fuzz", dependencies: ["Media", "Motion", "NN"]),

        // Shared by the test targets: a validated device, seeded random data, tolerance checks.
        .target(name: "TestSupport", dependencies: ["GPU", "Kernels"], path: "Tests/TestSupport"),
        .testTarget(name: "GPUTests", dependencies: ["GPU", "Kernels", "ShaderLibrary", "TestSupport"]),
        .testTarget(name: "KernelConformance", dependencies: ["GPU", "Kernels", "TestSupport"]),
        .testTarget(
            name: "SpeechNetworkTests",
            dependencies: ["SpeechNetwork", "NN", "GPU", "Kernels", "Media", "Motion", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "ModelFiles", "GPU", "Kernels", "TestSupport"]),
        .testTarget(
            name: "PerceptionTests",
            dependencies: ["Perception", "Landmarks", "NN", "Media", "GPU", "Kernels", "TestSupport"]),
        // Image and sound files written with FFmpeg and libsndfile, for the media and command-line tests.
        .target(name: "MediaFixtures", dependencies: ["CFFmpeg", "CSndFile"], path: "Tests/MediaFixtures"),
        .testTarget(name: "MediaTests", dependencies: ["Media", "MediaFixtures", "CFFmpeg", "CSndFile"]),
        .testTarget(name: "BodyTests", dependencies: ["Body", "Landmarks", "Perception"]),
        .testTarget(name: "MotionTests", dependencies: ["Motion", "Body", "Media"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "StageBenchmarks", "Motion", "Media"]),
        .testTarget(name: "DrawingTests", dependencies: ["Drawing", "Motion", "Body", "Media"]),
        // The built vlogger-gpu run as a user would: hostile inputs, exit codes, messages, no leftovers.
        .testTarget(name: "CLITests", dependencies: ["MediaFixtures"]),
        .testTarget(
            name: "RenderTests",
            dependencies: [
                "Render", "Body", "Motion", "Pipeline", "StageBenchmarks", "Perception", "Landmarks", "NN", "Media",
                "GPU", "Kernels",
                "TestSupport",
            ]),
    ]
)
