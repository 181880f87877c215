"""The log-mel features of the program's MelSpectrogram kernel (Sources/Kernels/MelSpectrogram.swift), in PyTorch.

The model is trained on exactly what the GPU kernel computes at inference, so the definition here follows that
file line by line: 16 kHz, a 400-sample periodic Hann window starting at sample i * 160 + 80 - 200 (centred on the
hop-long slot i, zeros outside the signal) and zero-padded to 512 points at its end, the power spectrum, an HTK mel
filterbank of 80 triangles with peak 1 from 0 Hz to 8 kHz, then ln(max(x, 1e-10)). A signal of n samples has
ceil(n / 160) frames. Tests compare this with the kernel's CPU reference on a fixed signal.
"""

import math

import torch

SAMPLE_RATE = 16_000
WINDOW = 400
HOP = 160
FFT = 512
MELS = 80
LOG_FLOOR = 1e-10


def hertz_to_mel(f: float) -> float:
    return 2595 * math.log10(1 + f / 700)


def mel_to_hertz(m: float) -> float:
    return 700 * (10 ** (m / 2595) - 1)


def filterbank() -> torch.Tensor:
    """[MELS, FFT / 2 + 1] triangle weights, computed in float64 as the Swift side does."""
    bins = FFT // 2 + 1
    low, high = hertz_to_mel(0), hertz_to_mel(SAMPLE_RATE / 2)
    edges = [mel_to_hertz(low + (high - low) * i / (MELS + 1)) for i in range(MELS + 2)]
    weights = torch.zeros(MELS, bins, dtype=torch.float64)
    for m in range(MELS):
        for k in range(bins):
            frequency = k * SAMPLE_RATE / FFT
            rising = (frequency - edges[m]) / (edges[m + 1] - edges[m])
            falling = (edges[m + 2] - frequency) / (edges[m + 2] - edges[m + 1])
            weights[m, k] = max(0.0, min(rising, falling))
    return weights.float()


_FILTERBANK = filterbank()
_WINDOW = torch.tensor([0.5 - 0.5 * math.cos(2 * math.pi * n / WINDOW) for n in range(WINDOW)], dtype=torch.float32)


def log_mel(signal: torch.Tensor) -> torch.Tensor:
    """[..., samples] float audio in -1...1 -> [..., ceil(samples / HOP), MELS]."""
    samples = signal.shape[-1]
    frames = (samples + HOP - 1) // HOP
    offset = HOP // 2 - WINDOW // 2  # frame 0's window starts here (negative: zeros before the signal)
    left = -offset
    right = max(0, (frames - 1) * HOP + offset + WINDOW - samples)
    padded = torch.nn.functional.pad(signal, (left, right))
    windows = padded.unfold(-1, WINDOW, HOP)[..., :frames, :] * _WINDOW
    spectrum = torch.fft.rfft(windows, n=FFT)
    power = spectrum.real ** 2 + spectrum.imag ** 2
    mel = power @ _FILTERBANK.T
    return torch.log(torch.clamp(mel, min=LOG_FLOOR))
