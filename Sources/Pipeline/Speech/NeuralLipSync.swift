import Foundation
import GPU
import Media
import ModelFiles
import Motion
import NN
import SpeechNetwork

/// `--lipsync neural`: the speech-to-mouth network (Models/speech_to_mouth.safetensors) on the GPU, handed to Motion
/// as the `PhonemeListener` that hears the recording's phonemes.
public enum NeuralLipSync {
    public static let weightsName = "speech_to_mouth.safetensors"

    /// The listener `input` needs: the network when it asks for the neural lip sync, nil otherwise (nothing loaded).
    public static func listener(for input: SpeechInput, device: GPUDevice) throws(PipelineError) -> PhonemeListener? {
        guard case .audio(_, _, .neural) = input else { return nil }
        return try listener(device: device)
    }

    /// The shipped weights (checked against Models/SHA256SUMS) on `device`.
    public static func listener(device: GPUDevice) throws(PipelineError) -> PhonemeListener {
        let url: URL
        do { url = try ModelLocator.url(for: weightsName) } catch { throw .model(.modelFile(error)) }
        let weights: SpeechToMouthWeights
        do { weights = try SpeechToMouthWeights(SafeTensorsFile(contentsOf: url)) } catch { throw .model(error) }
        let network: SpeechToMouthNetwork
        do { network = try SpeechToMouthNetwork(device: device, weights: weights) } catch { throw .gpu(error) }
        return { (signal: any AudioSource) throws(RecognitionError) -> [TimedPhoneme] in
            do {
                return NeuralPhonemes.timeline(try network.run(audio: signal), duration: signal.duration)
            } catch {
                throw .internal("the speech-to-mouth network failed: \(error)")
            }
        }
    }
}
