"""Writes Tests/Fixtures/golden/log_mel: a fixed 0.73 s signal and the log-mel features `features.log_mel` (what the
model trains on) computes for it, so a Swift test holds the GPU kernel and its CPU reference to PyTorch's numbers.

Run with the training environment: `Training/.venv/bin/python Training/make_feature_golden.py`.
"""

import json
import math
import os

import torch

from features import HOP, MELS, SAMPLE_RATE, log_mel

FOLDER = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "golden", "log_mel")


def main() -> None:
    generator = torch.Generator().manual_seed(17)
    count = 11_683  # 0.73 s: not a multiple of the hop, so the last frame is partial
    t = torch.arange(count, dtype=torch.float64) / SAMPLE_RATE
    chirp = 0.5 * torch.sin(2 * math.pi * (120 * t + 2_400 * t * t))
    noise = 0.2 * (torch.rand(count, generator=generator, dtype=torch.float64) * 2 - 1)
    signal = (chirp + noise).float()
    features = log_mel(signal)
    assert features.shape == ((count + HOP - 1) // HOP, MELS)
    os.makedirs(FOLDER, exist_ok=True)
    signal.numpy().astype("<f4").tofile(os.path.join(FOLDER, "signal.f32"))
    features.numpy().astype("<f4").tofile(os.path.join(FOLDER, "log_mel.f32"))
    with open(os.path.join(FOLDER, "manifest.json"), "w") as file:
        json.dump({"samples": count, "frames": features.shape[0], "mels": MELS, "torch": torch.__version__,
                   "made_by": "Training/make_feature_golden.py"}, file, indent=2)


if __name__ == "__main__":
    main()
