import ArgumentParser

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Run a command and report where its time and memory went.",
        subcommands: [ProfileRenderCommand.self]
    )
}
