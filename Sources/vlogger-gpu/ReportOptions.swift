import ArgumentParser

/// How a command that writes a video reports: a progress line on stderr, and on stdout a line or a JSON summary.
struct ReportOptions: ParsableArguments {
    @Flag(help: "No progress display.") var quiet = false
    @Flag(help: "Print a JSON summary on stdout.") var json = false

    /// Prints `summary` as JSON with --json, else `line()` unless --quiet.
    func finish(_ summary: some Encodable, line: () -> String) throws {
        if json {
            try printJSON(summary)
        } else if !quiet {
            print(line())
        }
    }
}
