"""What real microphones and rooms do to speech, applied to the clean synthesized clips while training.

Each function takes 16 kHz float audio (numpy, -1...1) and a numpy Generator, so a training run is reproducible
from its seed. `augment` draws a chain: tempo (with the pitch it drags along; targets are stretched to match),
reverberation, a band limit (telephone or laptop), noise or another voice underneath at some SNR, a level change
with clipping, and 8-bit mu-law (a telephone codec).
"""

import numpy as np

RATE = 16_000


def stretch(audio: np.ndarray, factor: float) -> np.ndarray:
    """Plays `audio` `factor` times faster (linear interpolation): shorter, higher."""
    positions = np.arange(0, len(audio) - 1, factor)
    return np.interp(positions, np.arange(len(audio)), audio).astype(np.float32)


def reverberate(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A synthetic room: exponentially decaying noise (RT60 0.15-0.7 s) after a direct path, convolved by FFT."""
    rt60 = rng.uniform(0.15, 0.7)
    length = int(rt60 * RATE)
    t = np.arange(length) / RATE
    response = rng.standard_normal(length) * np.exp(-6.9 * t / rt60) * rng.uniform(0.1, 0.5)
    response[0] = 1.0
    size = 1 << int(np.ceil(np.log2(len(audio) + length)))
    wet = np.fft.irfft(np.fft.rfft(audio, size) * np.fft.rfft(response, size), size)[: len(audio)]
    return (wet / (np.abs(wet).max() + 1e-9) * np.abs(audio).max()).astype(np.float32)


def band_limit(audio: np.ndarray, low: float, high: float) -> np.ndarray:
    """Keeps low...high Hz with 100 Hz cosine edges (a telephone: 300-3400 Hz; a laptop microphone: 150-7000 Hz)."""
    spectrum = np.fft.rfft(audio)
    frequency = np.fft.rfftfreq(len(audio), 1 / RATE)
    gain = np.clip((frequency - low + 100) / 200, 0, 1) * np.clip((high + 100 - frequency) / 200, 0, 1)
    gain = 0.5 - 0.5 * np.cos(np.pi * gain)
    return np.fft.irfft(spectrum * gain, len(audio)).astype(np.float32)


def noise(length: int, colour: str, rng: np.random.Generator) -> np.ndarray:
    """White, pink (1/f) or brown (1/f^2) noise of unit RMS."""
    white = rng.standard_normal(length)
    if colour != "white":
        spectrum = np.fft.rfft(white)
        frequency = np.maximum(np.fft.rfftfreq(length, 1 / RATE), 20)
        spectrum /= frequency ** (0.5 if colour == "pink" else 1.0)
        white = np.fft.irfft(spectrum, length)
    return (white / (np.sqrt(np.mean(white ** 2)) + 1e-12)).astype(np.float32)


def mix(audio: np.ndarray, other: np.ndarray, snr: float) -> np.ndarray:
    """`audio` with `other` underneath at `snr` dB below it (RMS over the whole clip)."""
    level = np.sqrt(np.mean(audio ** 2)) + 1e-9
    other_level = np.sqrt(np.mean(other ** 2)) + 1e-9
    return audio + other * (level / other_level) * 10 ** (-snr / 20)


def mu_law(audio: np.ndarray) -> np.ndarray:
    """Round trip through 8-bit mu-law (G.711's curve)."""
    squeezed = np.sign(audio) * np.log1p(255 * np.abs(audio)) / np.log1p(255)
    quantized = np.round(squeezed * 127) / 127
    return (np.sign(quantized) * ((1 + 255) ** np.abs(quantized) - 1) / 255).astype(np.float32)


def augment(audio: np.ndarray, babble: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """One draw of the chain; returns the audio and the tempo factor the targets must be stretched by."""
    factor = rng.uniform(0.85, 1.18) if rng.random() < 0.5 else 1.0
    if factor != 1.0:
        audio = stretch(audio, factor)
    if rng.random() < 0.3:
        audio = reverberate(audio, rng)
    if rng.random() < 0.25:
        audio = band_limit(audio, 300, 3400) if rng.random() < 0.5 else band_limit(audio, 150, 7000)
    choice = rng.random()
    if choice < 0.45:
        colour = rng.choice(["white", "pink", "brown"])
        audio = mix(audio, noise(len(audio), colour, rng), rng.uniform(0, 35))
    elif choice < 0.6 and len(babble) >= len(audio):
        start = rng.integers(0, len(babble) - len(audio) + 1)
        audio = mix(audio, babble[start:start + len(audio)], rng.uniform(5, 25))
    peak = np.abs(audio).max() + 1e-9
    audio = audio / peak * 10 ** (rng.uniform(-30, 3) / 20)
    audio = np.clip(audio, -1, 1)
    if rng.random() < 0.1:
        audio = mu_law(audio)
    return audio.astype(np.float32), factor
