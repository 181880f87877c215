import ArgumentParser
import Foundation
import NN
import Pipeline
import Render
import StageBenchmarks

struct BenchPoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pose",
        abstract: "Time stage 2 per frame for a photo: posing on the CPU, rasterization and warp on the GPU.",
        discussion: """
            Fits the photo once, then renders frames with changing controls at 512x512 and 1920x1080 (or the \
            --size given; the photo is stretched to the output, which costs the same as a photo of that shape). \
            Reports the median CPU posing time, the GPU time per kernel from Vulkan timestamps, and the wall \
            time of a whole frame (posing, uploads, GPU, readback). --face-samples compares the face layer's \
            anti-aliasing levels (samples per pixel along each axis; 1 = none).

            Examples:
              vlogger-gpu bench pose --image Tests/Fixtures/astronaut.png
              vlogger-gpu bench pose --image photo.jpg --size 1280x720 --json
              vlogger-gpu bench pose --image photo.jpg --face-samples 1,3,5
            """
    )

    @Option(help: "The photo to fit.")
    var image: String

    @Option(help: "Output sizes as WxH, comma separated.")
    var size: String = "512x512,1920x1080"

    @Option(
        help: "Face anti-aliasing levels to time, comma separated (samples per pixel along each axis: 1, 3, 5 or 7).")
    var faceSamples: String = "\(FrameRenderer.defaultFaceSamplesPerAxis)"

    @Option(help: "Timed frames per size.")
    var iterations: Int = 10

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var gpu: GPUOptions

    private var sizes: [(Int, Int)]? {
        let parsed = size.split(separator: ",").map { $0.split(separator: "x").compactMap { Int($0) } }
        guard parsed.allSatisfy({ $0.count == 2 && (16...8192).contains($0[0]) && (16...8192).contains($0[1]) }) else {
            return nil
        }
        return parsed.map { ($0[0], $0[1]) }
    }

    private var faceSampleLevels: [Int]? {
        let levels = faceSamples.split(separator: ",").map { Int($0) }
        guard !levels.isEmpty, levels.allSatisfy({ $0.map { [1, 3, 5, 7].contains($0) } ?? false }) else { return nil }
        return levels.compactMap { $0 }
    }

    func validate() throws {
        guard faceSampleLevels != nil else {
            throw ValidationError("--face-samples must be N[,N...] with N one of 1, 3, 5, 7, got \(faceSamples).")
        }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1.") }
        guard sizes != nil else {
            throw ValidationError("--size must be WxH[,WxH...] with sides 16...8192, got \(size).")
        }
    }

    func run() throws {
        try reportingErrors(on: gpu) { device in
            let analyzer: PhotoAnalyzer
            analyzer = try PhotoAnalyzer(device: device)
            let (photo, analysis) = try analyzer.analyze(path: image)
            let subject = try PosableSubject(device: device, photo: photo, analysis: analysis, path: image)
            var results: [PoseBenchmarkResult] = []
            if !json {
                print("device: \(device.info.name)")
                print(
                    "size        samples  triangles(body+face)  pose CPU ms  raster GPU ms  warp GPU ms  frame GPU ms  frame wall ms"
                )
            }
            let runs = (sizes ?? []).flatMap { size in (faceSampleLevels ?? []).map { (size.0, size.1, $0) } }
            for (width, height, samples) in runs {
                let result = try PoseBenchmark.run(
                    subject, width: width, height: height, faceSamplesPerAxis: samples,
                    iterations: iterations)
                results.append(result)
                if !json {
                    let raster = result.gpuMilliseconds.filter { $0.key.hasPrefix("rasterize") }.values.reduce(0, +)
                    let warp = result.gpuMilliseconds["warp_composite"] ?? 0
                    let label =
                        "\(width)x\(height)".padding(toLength: 12, withPad: " ", startingAt: 0)
                        + "\(samples)x\(samples)".padding(toLength: 9, withPad: " ", startingAt: 0)
                    let triangles = "\(result.bodyTriangles)+\(result.faceTriangles)".padding(
                        toLength: 20, withPad: " ", startingAt: 0)
                    print(
                        label + triangles
                            + String(
                                format: "%13.2f%15.2f%13.2f%14.2f%15.2f", result.poseMilliseconds, raster, warp,
                                result.gpuFrameMilliseconds, result.wallMilliseconds))
                }
            }
            if json {
                try printJSON(results)
            }
        }
    }
}
