import ArgumentParser
import Body
import Foundation
import Media
import NN
import Pipeline
import Render

struct PoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pose",
        abstract: "Render one frame of the person in a photo with chosen face, head and body controls.",
        discussion: """
            Fits the 3D face and upper-body model to the photo, poses it with the controls, rasterizes it on \
            the GPU and warps the photo onto the new pose over an inpainted background. With no controls the \
            frame is the photo itself. --maps also writes what the renderer sees: <output>-depth.png, \
            -normals.png, -parts.png and -reference.png. --contact-sheet renders the nine standard poses \
            (neutral; jaw 0.3, 0.7; smile; pucker; blink; yaw +20, -20; pitch 10) in a 3x3 grid of \
            head-and-shoulders crops instead. Give negative values with '=': --yaw=-20.

            Examples:
              vlogger-gpu pose --image photo.jpg --jaw 0.6 --yaw 15 --blink 1 -o frame.png
              vlogger-gpu pose --image photo.jpg --smile 1 --gaze-x=-0.5 --pitch=-5 -o frame.png --maps
              vlogger-gpu pose --image photo.jpg --contact-sheet -o poses.png --size 256
            """
    )

    @Option(help: "The photo (PNG, JPEG, WebP, BMP).")
    var image: String

    @Option(name: [.short, .customLong("output")], help: "The PNG to write.")
    var output: String

    @Flag(help: "Also write the control maps (depth, normals, part labels, reference coordinates) as PNGs.")
    var maps = false

    @Flag(help: "Render the nine standard poses as a 3x3 contact sheet (the controls are ignored).")
    var contactSheet = false

    @Option(help: "Output long side in pixels (default: the photo's working size).")
    var size: Int?

    @Flag(help: "Replace existing output files.")
    var force = false

    @Option(help: "Downscale photos larger than this on their long side before fitting.")
    var maxSize: Int = ImageDecoder.defaultMaxLongSide

    @OptionGroup(title: "Controls") var controlOptions: ControlOptions

    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard maxSize >= 64 else { throw ValidationError("--max-size must be at least 64.") }
        if let size, !(16...4096).contains(size) {
            throw ValidationError("--size must be between 16 and 4096, got \(size).")
        }
        guard output.lowercased().hasSuffix(".png") else {
            throw ValidationError("--output must name a .png file, got \(output).")
        }
        if maps && contactSheet { throw ValidationError("--maps and --contact-sheet cannot be combined.") }
    }

    private var mapPaths: [(kind: String, path: String)] {
        let stem = String(output.dropLast(4))
        return ["depth", "normals", "parts", "reference"].map { ($0, "\(stem)-\($0).png") }
    }

    func run() throws {
        try reportingErrors {
            let outputs = [output] + (maps ? mapPaths.map(\.path) : [])
            for path in outputs {
                try OutputPath.check(path, inputs: [image], overwrite: force)
            }
            // The photo is read before the GPU and the models: a bad file is reported at once.
            let photo: RGBImage
            photo = try ImageDecoder.decode(path: image, maxLongSide: maxSize)
            try gpu.withDevice { device in
                let analyzer: PhotoAnalyzer
                analyzer = try PhotoAnalyzer(device: device)
                try PoseRenderer.requireFits(photo: photo, longSide: size, device: device, maps: maps)
                let analysis = try analyzer.analyze(photo)
                if analysis.faces.count > 1 {
                    printError("\(analysis.faces.count) faces found in \(image); the largest is posed.")
                }
                let subject = try PosableSubject(device: device, photo: photo, analysis: analysis, path: image)
                let renderer = try PoseRenderer(subject: subject, longSide: size)
                if contactSheet {
                    var frames: [RenderedFrame] = []
                    for pose in PoseRenderer.contactSheetPoses { frames.append(try renderer.render(pose.controls)) }
                    guard let sheet = PoseRenderer.contactSheet(frames, columns: 3, crop: renderer.upperBodyCrop())
                    else { throw PipelineError.internal("empty contact sheet") }
                    try write(sheet, to: output)
                    return
                }
                let frame = try renderer.render(controlOptions.controls, maps: maps)
                var written: [String] = []
                do {
                    try write(RGBImage(width: frame.width, height: frame.height, pixels: frame.pixels), to: output)
                    written.append(output)
                    if maps, let values = frame.maps {
                        let images = ControlMapImages(
                            maps: values, width: frame.width, height: frame.height,
                            photoWidth: photo.width, photoHeight: photo.height)
                        for (kind, path) in mapPaths {
                            let pixels =
                                switch kind {
                                case "depth": images.depth
                                case "normals": images.normals
                                case "parts": images.parts
                                default: images.reference
                                }
                            try write(RGBImage(width: frame.width, height: frame.height, pixels: pixels), to: path)
                            written.append(path)
                        }
                    }
                } catch {
                    // No partial output: a failed map removes the frame written before it.
                    for path in written { try? FileManager.default.removeItem(atPath: path) }
                    throw error
                }
            }
        }
    }

    private func write(_ image: RGBImage, to path: String) throws {
        try PNGWriter.write(image, to: path, overwrite: force)
    }
}
