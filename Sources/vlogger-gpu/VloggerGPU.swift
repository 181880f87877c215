import ArgumentParser

@main
struct VloggerGPU: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlogger-gpu",
        abstract: "Turn one photo and speech into a talking video, on any Vulkan GPU.",
        discussion: """
            Examples:
              vlogger-gpu render --image photo.jpg --text "Hello there!" -o hello.mp4
              vlogger-gpu render --image photo.jpg --audio speech.wav -o talk.mp4 --crop auto
              vlogger-gpu edit --video talk.mp4 --close-eyes --from 1.5 --to 3 -o closed.mp4
              vlogger-gpu translate --video talk.mp4 --audio dub.wav -o dubbed.mp4
              vlogger-gpu motion --text "Hello there!" -o motion.json --plot motion.png
              vlogger-gpu pose --image photo.jpg --jaw 0.6 --yaw 15 --blink 1 -o frame.png
              vlogger-gpu analyze --image photo.jpg --preview overlay.png
              vlogger-gpu devices          # Vulkan devices and their features
              vlogger-gpu bench kernels    # time every kernel
            """,
        subcommands: [
            RenderCommand.self, EditCommand.self, TranslateCommand.self, MotionCommand.self, ProfileCommand.self,
            AnalyzeCommand.self, PoseCommand.self, DevicesCommand.self, BenchCommand.self,
        ]
    )
}
