"""Writes a SpeechToMouth network as safetensors for the Swift side, and golden outputs to test it against.

  export.py weights RUN/model.pt Models/speech_to_mouth.safetensors     trained weights, F32
  export.py golden                                                       Tests/Fixtures/golden/speech_to_mouth

`golden` makes a small network (width 32, 2 blocks) from a fixed seed, rounds its weights to fp16 (stored F16, so
the file is small and both sides read identical numbers), and runs PyTorch on a fixed 2.3 s signal: the Swift GPU
network and its CPU reference are held to these outputs, which tests the implementation for any trained weights.
The architecture travels in the file's metadata (width, blocks, heads, mels, kernel), and every tensor keeps
PyTorch's name and layout; the Swift side rearranges what its kernels need at load.
"""

import json
import math
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from features import SAMPLE_RATE, log_mel  # noqa: E402
from model import SpeechToMouth  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")


def write_safetensors(path: str, tensors: dict, metadata: dict, half: bool) -> None:
    """The safetensors layout (8-byte header length, JSON header, bytes in header order), written directly."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in tensors.items():
        values = tensor.detach().contiguous().to(torch.float16 if half else torch.float32)
        blob = values.numpy().tobytes()
        header[name] = {"dtype": "F16" if half else "F32", "shape": list(values.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)  # the data starts 8-byte aligned
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def metadata(model: SpeechToMouth) -> dict:
    return {"network": "speech_to_mouth", "width": str(model.norm.normalized_shape[0]),
            "blocks": str(len(model.blocks)), "heads": str(model.blocks[0].attention.num_heads),
            "mels": str(model.feature_mean.shape[0]), "kernel": str(model.blocks[0].depthwise.kernel_size[0])}


def golden() -> None:
    torch.manual_seed(5)
    model = SpeechToMouth(width=32, heads=1, blocks=2).eval()
    with torch.no_grad():
        model.feature_mean.copy_(torch.linspace(-12, -4, 80))
        model.feature_std.copy_(torch.linspace(2, 4, 80))
        for parameter in model.parameters():
            parameter.mul_(2.0)  # livelier than the initialization, so every layer matters
        for tensor in model.state_dict().values():
            tensor.copy_(tensor.half().float())
    count = int(2.3 * SAMPLE_RATE) + 37
    t = torch.arange(count, dtype=torch.float64) / SAMPLE_RATE
    generator = torch.Generator().manual_seed(3)
    signal = (0.4 * torch.sin(2 * math.pi * (150 * t + 300 * t * t)) * (0.6 + 0.4 * torch.sin(2 * math.pi * 3 * t))
              + 0.05 * torch.randn(count, generator=generator, dtype=torch.float64)).float()
    with torch.no_grad():
        controls, logits = model(log_mel(signal)[None])
    folder = os.path.join(ROOT, "Tests", "Fixtures", "golden", "speech_to_mouth")
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "weights.safetensors"), model.state_dict(), metadata(model), half=True)
    signal.numpy().astype("<f4").tofile(os.path.join(folder, "signal.f32"))
    controls[0].numpy().astype("<f4").tofile(os.path.join(folder, "controls.f32"))
    logits[0].numpy().astype("<f4").tofile(os.path.join(folder, "logits.f32"))
    with open(os.path.join(folder, "manifest.json"), "w") as file:
        json.dump({"samples": count, "frames": controls.shape[1], "controls": controls.shape[2],
                   "phonemes": logits.shape[2], "torch": torch.__version__,
                   "made_by": "Training/export.py golden"}, file, indent=2)


def weights(checkpoint: str, output: str) -> None:
    model = SpeechToMouth()
    model.load_state_dict(torch.load(checkpoint, map_location="cpu", weights_only=True))
    write_safetensors(output, model.state_dict(), metadata(model), half=False)


if __name__ == "__main__":
    if sys.argv[1:2] == ["golden"]:
        golden()
    elif sys.argv[1:2] == ["weights"] and len(sys.argv) == 4:
        weights(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
