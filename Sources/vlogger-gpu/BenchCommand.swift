import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput.",
        subcommands: [
            BenchKernelsCommand.self, BenchModelsCommand.self, BenchPoseCommand.self, BenchMotionCommand.self,
            BenchLipSyncCommand.self, BenchMouthSyncCommand.self,
        ]
    )
}
