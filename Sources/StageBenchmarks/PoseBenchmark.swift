import Body
import Foundation
import GPU
import Pipeline
import Render

/// `vlogger-gpu bench pose`: the per-frame cost of stage 2 for a fitted photo at an output size.
public struct PoseBenchmarkResult: Sendable, Encodable {
    public let width: Int
    public let height: Int
    /// The face layer's samples per pixel along each axis (`FrameRenderer.faceSamplesPerAxis`).
    public let faceSamplesPerAxis: Int
    public let bodyTriangles: Int
    public let faceTriangles: Int
    /// Median CPU time to pose both layers (blendshapes, head, skinning, projection).
    public let poseMilliseconds: Double
    /// Median GPU time per dispatch label (Vulkan timestamps): rasterize_*, warp_composite.
    public let gpuMilliseconds: [String: Double]
    /// Median GPU time of the whole frame (sum of its dispatches).
    public let gpuFrameMilliseconds: Double
    /// Median wall time of an unprofiled frame: posing, upload, GPU, readback and byte conversion.
    public let wallMilliseconds: Double
}

public enum PoseBenchmark {
    /// Controls swept over the timed frames, so every frame poses something different.
    static func controls(_ frame: Int) -> Controls {
        var c = Controls.neutral
        let phase = Float(frame) * 0.7
        c.jawOpen = 0.4 + 0.3 * sin(phase)
        c.headYaw = 12 * sin(phase * 0.5)
        c.headPitch = 5 * cos(phase * 0.3)
        c.blinkLeft = frame % 4 == 0 ? 1 : 0
        c.blinkRight = c.blinkLeft
        c.smile = 0.3
        return c
    }

    /// One warm-up frame, then `iterations` profiled and `iterations` unprofiled frames.
    public static func run(
        _ subject: PosableSubject, width: Int, height: Int,
        faceSamplesPerAxis: Int = FrameRenderer.defaultFaceSamplesPerAxis,
        iterations: Int
    ) throws(PipelineError) -> PoseBenchmarkResult {
        let renderer: FrameRenderer
        do { renderer = try FrameRenderer(plates: subject.plates, outputWidth: width, outputHeight: height) } catch {
            throw .gpu(error)
        }
        renderer.faceSamplesPerAxis = faceSamplesPerAxis
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        var poseTimes: [Double] = []
        var wall: [Double] = []
        var frameGPU: [Double] = []
        var perLabel: [String: [Double]] = [:]
        var counts = (body: 0, face: 0)
        do {
            let (body, face) = subject.layers(controls(0))
            counts = (body.triangleCount, face.triangleCount)
            _ = try renderer.render(body: body, face: face, frame: subject.frameState(controls(0)))
            renderer.profiling = true
            for i in 0..<iterations {
                let c = controls(i + 1)
                let start = now()
                let (body, face) = subject.layers(c)
                poseTimes.append(Double(now() - start) / 1e6)
                let frame = try renderer.render(body: body, face: face, frame: subject.frameState(c))
                var sums: [String: Double] = [:]
                for timing in frame.timings { sums[timing.label, default: 0] += timing.nanoseconds / 1e6 }
                for (label, ms) in sums { perLabel[label, default: []].append(ms) }
                frameGPU.append(sums.values.reduce(0, +))
            }
            renderer.profiling = false
            for i in 0..<iterations {
                let c = controls(i + 1)
                let start = now()
                let (body, face) = subject.layers(c)
                _ = try renderer.render(body: body, face: face, frame: subject.frameState(c))
                wall.append(Double(now() - start) / 1e6)
            }
        } catch {
            throw .gpu(error)
        }
        return PoseBenchmarkResult(
            width: width, height: height, faceSamplesPerAxis: faceSamplesPerAxis, bodyTriangles: counts.body,
            faceTriangles: counts.face,
            poseMilliseconds: median(poseTimes), gpuMilliseconds: perLabel.mapValues(median),
            gpuFrameMilliseconds: median(frameGPU), wallMilliseconds: median(wall))
    }
}
