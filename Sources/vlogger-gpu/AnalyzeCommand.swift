import ArgumentParser
import Foundation
import Landmarks
import Media
import NN
import Perception
import Pipeline

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find the face, its 468-point mesh, the person mask and the body pose in a photo.",
        discussion: """
            Runs MediaPipe's face detection, face mesh, selfie segmentation and pose landmark models on the \
            GPU engine. The body region for the pose model is derived from the face box (the pose detector \
            needs an operator the engine does not run). With several faces, the largest is used for the pose.

            Examples:
              vlogger-gpu analyze --image photo.jpg
              vlogger-gpu analyze --image photo.jpg --preview overlay.png
              vlogger-gpu analyze --image photo.jpg --json > analysis.json
            """
    )

    @Option(help: "The photo (PNG, JPEG, WebP, BMP).")
    var image: String

    @Option(help: "Write the photo with the findings drawn over it to this PNG.")
    var preview: String?

    @Flag(help: "Print every number as JSON on stdout.")
    var json = false

    @Flag(help: "Replace an existing --preview file.")
    var force = false

    @Option(help: "Downscale photos larger than this on their long side.")
    var maxSize: Int = ImageDecoder.defaultMaxLongSide

    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard maxSize >= 64 else { throw ValidationError("--max-size must be at least 64.") }
    }

    func run() throws {
        try reportingErrors {
            if let preview {
                try OutputPath.check(preview, inputs: [image], overwrite: force)
            }
            // The photo is read before the GPU and the models: a bad file is reported at once.
            let photo: RGBImage
            photo = try ImageDecoder.decode(path: image, maxLongSide: maxSize)
            try gpu.withDevice { device in
                let analyzer: PhotoAnalyzer
                analyzer = try PhotoAnalyzer(device: device)
                let analysis = try analyzer.analyze(photo)
                guard !analysis.faces.isEmpty else { throw PipelineError.noFace(path: image) }
                if let preview {
                    let edges: [(Int, Int)]
                    edges = try FaceMeshTopology.canonical().edges
                    let drawn = AnalysisPreview.render(photo, analysis, meshEdges: edges)
                    try PNGWriter.write(drawn, to: preview, overwrite: force)
                }
                if json {
                    print(try AnalysisReport(analysis, image: image, device: device.info.name).jsonText())
                } else {
                    print(AnalysisReport(analysis, image: image, device: device.info.name).summary)
                }
                if analysis.faces.count > 1 {
                    printError("\(analysis.faces.count) faces found in \(image); the largest is used for the pose.")
                }
            }
        }
    }
}
