import ArgumentParser

@main
struct VloggerGPU: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlogger-gpu",
        abstract: "Turn one photo and speech into a talking video, on any Vulkan GPU.",
        discussion: """
        Examples:
          vlogger-gpu analyze --image photo.jpg --preview overlay.png
          vlogger-gpu pose --image photo.jpg --jaw 0.6 --yaw 15 --blink 1 -o frame.png
          vlogger-gpu devices          # Vulkan devices and their features
          vlogger-gpu bench kernels    # time every kernel
          vlogger-gpu bench kernels --json --filter gemm
        """,
        subcommands: [RenderCommand.self, EditCommand.self, TranslateCommand.self, MotionCommand.self, ProfileCommand.self, AnalyzeCommand.self, PoseCommand.self, DevicesCommand.self, BenchCommand.self]
    )
}
