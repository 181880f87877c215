"""Makes the speech-to-mouth training data: eSpeak speech in many languages with its exact phoneme timing, and the
mouth controls our own coarticulation model (MouthTrack) makes from that timing, frame by frame.

Every utterance goes through `vlogger-gpu motion --text ... --speech-out`, so the targets are exactly what the
program would animate for that speech: the motion file's phonemes (ARPAbet, eSpeak's own timing) and its mouth
controls at 50 frames per second. Sentences are drawn from wordfreq's most frequent words of each language; voice
variants and speaking rates are drawn too. Everything is seeded: the same command makes the same shards.

Output (under --out, default Training/data): shards `train-NNN.npz` and `valid-NNN.npz`, each holding
  audio      int16, all utterances' 16 kHz samples end to end
  offsets    int64 [utterances + 1], where each utterance's samples start
  targets    float16 [frames, 7], the mouth controls (CONTROLS) at 50 Hz, all utterances end to end
  phonemes   int8 [frames], the ARPAbet class (PHONEMES) at each frame's instant
  frame_offsets int64 [utterances + 1]
  language   the espeak voice of each utterance
and manifest.json with the counts and the command line. Augmentation (noise, reverberation, band limits, codecs,
tempo) is applied while training, from the training seed, so these shards stay clean.

The real-speech evaluation clips (Debian's pocketsphinx-testdata) are never read here.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from math import gcd

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from languages import HELD_OUT, TRAINING, VARIANTS  # noqa: E402

FPS = 50
SAMPLE_RATE = 16_000
CONTROLS = ["jawOpen", "lipPress", "lipsFunnel", "lipsPucker", "smile", "upperLipRaise", "lowerLipDown"]
PHONEMES = ["SIL", "AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW",
            "B", "CH", "D", "DH", "F", "G", "HH", "JH", "K", "L", "M", "N", "NG", "P", "R", "S", "SH", "T", "TH",
            "V", "W", "Y", "Z", "ZH"]


def sentences(language: str, count: int, rng: random.Random) -> list[str]:
    """`count` sentences of 3-16 words drawn from the language's 4,000 most frequent words, weighted towards the
    frequent ones (as running text is), with commas and a final stop, question or exclamation mark."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list(language, 4000) if w.isalpha()]
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    result = []
    for _ in range(count):
        length = rng.randint(3, 16)
        chosen = rng.choices(words, weights=weights, k=length)
        text = ""
        for i, word in enumerate(chosen):
            text += word if i == 0 else (", " if rng.random() < 0.12 else " ") + word
        result.append(text[:1].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"]))
    return result


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    from scipy.signal import resample_poly

    common = gcd(rate, SAMPLE_RATE)
    return resample_poly(samples, SAMPLE_RATE // common, rate // common)


def synthesize(binary: str, text: str, voice: str, rate: int, folder: str, index: int):
    """One utterance through the program: (16 kHz float audio, targets [frames, 7], phoneme ids [frames])."""
    motion = os.path.join(folder, f"{index}.json")
    speech = os.path.join(folder, f"{index}.wav")
    command = [binary, "motion", "--text", text, "--voice", voice, "--rate", str(rate), "--fps", str(FPS),
               "-o", motion, "--speech-out", speech, "--force"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        # Text eSpeak speaks as nothing audible (a sentence of symbols), or a voice this eSpeak lacks: skipped,
        # and counted in the manifest.
        return f"{voice}: {result.stderr.strip()}"
    with open(motion) as file:
        track = json.load(file)
    with wave.open(speech) as file:
        rate_in = file.getframerate()
        pcm = np.frombuffer(file.readframes(file.getnframes()), dtype="<i2").astype(np.float32) / 32768
    os.remove(motion)
    os.remove(speech)
    frames = track["frames"]
    targets = np.array([[frame.get(name, 0.0) for name in CONTROLS] for frame in frames], dtype=np.float32)
    ids = np.zeros(len(frames), dtype=np.int8)
    spans = track["phonemes"]
    cursor = 0
    for i in range(len(frames)):
        instant = i / FPS
        while cursor + 1 < len(spans) and spans[cursor]["end"] <= instant:
            cursor += 1
        ids[i] = PHONEMES.index(spans[cursor]["phoneme"])
    return resample(pcm, rate_in), targets, ids


def write_shard(path: str, utterances: list) -> None:
    audio = [np.clip(np.round(u[0] * 32768), -32768, 32767).astype(np.int16) for u in utterances]
    np.savez_compressed(
        path,
        audio=np.concatenate(audio),
        offsets=np.cumsum([0] + [len(a) for a in audio]).astype(np.int64),
        targets=np.concatenate([u[1] for u in utterances]).astype(np.float16),
        phonemes=np.concatenate([u[2] for u in utterances]),
        frame_offsets=np.cumsum([0] + [len(u[2]) for u in utterances]).astype(np.int64),
        language=np.array([u[3] for u in utterances]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/vlogger-gpu")
    parser.add_argument("--out", default="Training/data")
    parser.add_argument("--per-language", type=int, default=200, help="utterances per training voice")
    parser.add_argument("--valid-fraction", type=float, default=0.05)
    parser.add_argument("--shard-size", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--held-out", action="store_true",
                        help="the held-out languages instead (evaluation only: Training/evaluate.py)")
    arguments = parser.parse_args()

    rng = random.Random(arguments.seed)
    jobs = []
    for voice, language in HELD_OUT if arguments.held_out else TRAINING:
        for text in sentences(language, arguments.per_language, rng):
            variant = rng.choice(VARIANTS)
            jobs.append((text, voice + ("+" + variant if variant else ""), rng.randint(120, 260), voice))
    rng.shuffle(jobs)

    os.makedirs(arguments.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(arguments.jobs) as pool:
        made = list(pool.map(lambda job: synthesize(arguments.binary, job[0], job[1], job[2], folder, job[4]),
                             [(*job, i) for i, job in enumerate(jobs)]))
    utterances = [(*made[i], jobs[i][3]) for i in range(len(jobs)) if not isinstance(made[i], str)]
    failures = [m for m in made if isinstance(m, str)]
    failed = len(failures)
    valid_count = len(utterances) if arguments.held_out else int(len(utterances) * arguments.valid_fraction)
    splits = {"valid": utterances[:valid_count], "train": utterances[valid_count:]}
    manifest = {"seed": arguments.seed, "command": sys.argv, "fps": FPS, "sample_rate": SAMPLE_RATE,
                "controls": CONTROLS, "phonemes": PHONEMES, "failed": failed, "failures": failures[:20],
                "splits": {}}
    for name, items in splits.items():
        shards = [items[i:i + arguments.shard_size] for i in range(0, len(items), arguments.shard_size)]
        for number, shard in enumerate(shards):
            write_shard(os.path.join(arguments.out, f"{name}-{number:03d}.npz"), shard)
        manifest["splits"][name] = {"utterances": len(items), "shards": len(shards),
                                    "seconds": round(sum(len(u[0]) for u in items) / SAMPLE_RATE, 1)}
    with open(os.path.join(arguments.out, "manifest.json"), "w") as file:
        json.dump(manifest, file, indent=2)
    print(json.dumps(manifest["splits"]), f"failed {failed}")


if __name__ == "__main__":
    main()
