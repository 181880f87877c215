"""Trains the speech-to-mouth network (model.py) on the shards of make_data.py, augmenting as it goes.

  Training/.venv/bin/python Training/train.py --data Training/data --out Training/runs/base

Every run is seeded (data order, crops, augmentation, initialization); the validation figures it prints are the ones
the model card quotes. Validation is the held-back 5% of the synthesized utterances, clean and augmented with a fixed
seed: phoneme frame accuracy, mouth-control error, the jaw curve's correlation, and the share of true lip closures
(lipPress > 0.5 runs) that the predicted lipPress closes within 60 ms.
"""

import argparse
import glob
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from augment import augment  # noqa: E402
from features import HOP, log_mel  # noqa: E402
from model import SpeechToMouth  # noqa: E402

FPS = 50
SAMPLES_PER_FRAME = 16_000 // FPS
CONTROL_WEIGHTS = torch.tensor([2.0, 2.0, 1.0, 1.0, 1.0, 0.5, 0.5])


class Shards:
    """Every utterance of the shards matching `pattern`, in memory."""

    def __init__(self, pattern: str):
        self.audio, self.targets, self.phonemes = [], [], []
        for path in sorted(glob.glob(pattern)):
            # Each array is read (and decompressed) once; indexing the NpzFile would read it again every time.
            with np.load(path) as shard:
                audio, targets, phonemes = shard["audio"], shard["targets"], shard["phonemes"]
                offsets, frames = shard["offsets"], shard["frame_offsets"]
            for i in range(len(offsets) - 1):
                self.audio.append(audio[offsets[i]:offsets[i + 1]].copy())
                self.targets.append(targets[frames[i]:frames[i + 1]].astype(np.float32))
                self.phonemes.append(phonemes[frames[i]:frames[i + 1]].astype(np.int64))
        if not self.audio:
            raise SystemExit(f"no shards match {pattern}; run `make train-data` first")

    def __len__(self) -> int:
        return len(self.audio)


def crop(shards: Shards, index: int, frames: int, rng: np.random.Generator, augmenting: bool):
    """A window of at most `frames` motion frames from utterance `index`: (audio, targets, phonemes)."""
    audio = shards.audio[index].astype(np.float32) / 32768
    targets, phonemes = shards.targets[index], shards.phonemes[index]
    if augmenting:
        other = shards.audio[rng.integers(len(shards))].astype(np.float32) / 32768
        audio, factor = augment(audio, other, rng)
        if factor != 1.0:
            # Frame j of the faster audio is the instant j * factor / FPS of the original.
            count = max(1, int(len(targets) / factor))
            source = np.minimum(np.arange(count) * factor, len(targets) - 1)
            targets = np.stack([np.interp(source, np.arange(len(targets)), targets[:, c])
                                for c in range(targets.shape[1])], axis=1).astype(np.float32)
            phonemes = phonemes[np.round(source).astype(np.int64)]
    available = min(len(targets), len(audio) // SAMPLES_PER_FRAME)
    start = int(rng.integers(0, max(1, available - frames + 1)))
    count = min(frames, available - start)
    piece = audio[start * SAMPLES_PER_FRAME:(start + count) * SAMPLES_PER_FRAME]
    return piece, targets[start:start + count], phonemes[start:start + count]


def batch(shards: Shards, indices, frames: int, rng: np.random.Generator, augmenting: bool):
    """Padded tensors: features [B, 2 * frames, 80], targets [B, frames, 7], phonemes [B, frames], mask [B, frames]."""
    items = [crop(shards, int(i), frames, rng, augmenting) for i in indices]
    audio = torch.zeros(len(items), frames * SAMPLES_PER_FRAME)
    targets = torch.zeros(len(items), frames, 7)
    phonemes = torch.zeros(len(items), frames, dtype=torch.int64)
    mask = torch.zeros(len(items), frames)
    for row, (piece, target, phoneme) in enumerate(items):
        audio[row, :len(piece)] = torch.from_numpy(piece)
        targets[row, :len(target)] = torch.from_numpy(target)
        phonemes[row, :len(phoneme)] = torch.from_numpy(phoneme)
        mask[row, :len(target)] = 1
    features = log_mel(audio)
    return features, targets, phonemes, mask


BILABIALS = {16, 26, 29}  # B, M, P in make_data.PHONEMES


def runs(flags) -> list[tuple[int, int]]:
    """Runs of true frames, as (first, end)."""
    found, start = [], None
    for i, value in enumerate(flags):
        if value and start is None:
            start = i
        elif not value and start is not None:
            found.append((start, i))
            start = None
    if start is not None:
        found.append((start, len(flags)))
    return found


def closures(lip_press: np.ndarray) -> list[tuple[int, int]]:
    """Runs of frames with lipPress above 0.5."""
    return runs(lip_press > 0.5)


def decoded_classes(logits: np.ndarray) -> np.ndarray:
    """The per-frame classes as the Swift side decodes them (NeuralPhonemes): argmax, a lone frame between two
    frames of one class taken as theirs."""
    labels = logits.argmax(-1)
    for i in range(1, len(labels) - 1):
        if labels[i - 1] == labels[i + 1] and labels[i] != labels[i - 1]:
            labels[i] = labels[i - 1]
    return labels


def matches(truth, found, tolerance: int = 3) -> tuple[int, int]:
    """(true runs overlapped by a found one within `tolerance` frames, found runs overlapping no true one)."""
    hits = sum(any(p[0] - tolerance < t[1] and t[0] < p[1] + tolerance for p in found) for t in truth)
    false = sum(not any(t[0] - tolerance < p[1] and p[0] < t[1] + tolerance for t in truth) for p in found)
    return hits, false


def evaluate(model: SpeechToMouth, shards: Shards, augmenting: bool, seed: int) -> dict:
    """Whole utterances, one at a time (no padding): the figures the model card quotes."""
    rng = np.random.default_rng(seed)
    model.eval()
    correct = total = 0
    errors, jaw_true, jaw_pred = [], [], []
    closures_true = closures_hit = closures_false = 0
    bilabials_true = bilabials_hit = bilabials_false = 0
    with torch.no_grad():
        for index in range(len(shards)):
            piece, target, phoneme = crop(shards, index, 10_000, rng, augmenting)
            features = log_mel(torch.from_numpy(piece))[None]
            controls, logits = model(features)
            count = min(len(target), controls.shape[1])
            controls, logits = controls[0, :count].numpy(), logits[0, :count]
            target, phoneme = target[:count], phoneme[:count]
            correct += int((logits.argmax(-1).numpy() == phoneme).sum())
            total += count
            errors.append(np.abs(controls - target).mean(0))
            jaw_true.append(target[:, 0])
            jaw_pred.append(controls[:, 0])
            truth = closures(target[:, 1])
            hits, false = matches(truth, closures(controls[:, 1]))
            closures_true, closures_hit, closures_false = closures_true + len(truth), closures_hit + hits, closures_false + false
            labels = decoded_classes(logits.numpy())
            truth = runs(np.isin(phoneme, list(BILABIALS)))
            hits, false = matches(truth, runs(np.isin(labels, list(BILABIALS))))
            bilabials_true, bilabials_hit, bilabials_false = bilabials_true + len(truth), bilabials_hit + hits, bilabials_false + false
    model.train()
    jaw = np.corrcoef(np.concatenate(jaw_true), np.concatenate(jaw_pred))[0, 1]
    return {"phoneme_accuracy": round(correct / max(total, 1), 4),
            "control_mae": [round(float(e), 4) for e in np.mean(errors, axis=0)],
            "jaw_correlation": round(float(jaw), 4),
            "closures_found": round(closures_hit / max(closures_true, 1), 4),
            "false_closures_per_true": round(closures_false / max(closures_true, 1), 4),
            "closures_true": closures_true,
            "bilabials_found": round(bilabials_hit / max(bilabials_true, 1), 4),
            "false_bilabials_per_true": round(bilabials_false / max(bilabials_true, 1), 4),
            "bilabials_true": bilabials_true}


def feature_statistics(shards: Shards, rng: np.random.Generator, count: int = 300):
    """Per-mel mean and standard deviation over clean and augmented crops (fixed by the seed)."""
    rows = []
    for i in rng.integers(0, len(shards), count):
        piece, _, _ = crop(shards, int(i), 10_000, rng, augmenting=bool(rng.random() < 0.5))
        rows.append(log_mel(torch.from_numpy(piece)))
    stacked = torch.cat(rows)
    return stacked.mean(0), stacked.std(0).clamp(min=1e-3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="Training/data")
    parser.add_argument("--out", default="Training/runs/base")
    parser.add_argument("--steps", type=int, default=8000)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--frames", type=int, default=160, help="motion frames per training window (3.2 s)")
    parser.add_argument("--learning-rate", type=float, default=1.5e-3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--validate-every", type=int, default=1000)
    arguments = parser.parse_args()

    torch.manual_seed(arguments.seed)
    torch.set_num_threads(os.cpu_count() or 2)
    rng = np.random.default_rng(arguments.seed)
    train, valid = Shards(os.path.join(arguments.data, "train-*.npz")), Shards(os.path.join(arguments.data, "valid-*.npz"))
    print(f"{len(train)} training and {len(valid)} validation utterances", flush=True)
    model = SpeechToMouth()
    mean, std = feature_statistics(train, rng)
    model.feature_mean.copy_(mean)
    model.feature_std.copy_(std)
    optimizer = torch.optim.AdamW(model.parameters(), lr=arguments.learning_rate, weight_decay=0.01)
    warmup = min(300, arguments.steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * step / arguments.steps)))
    os.makedirs(arguments.out, exist_ok=True)
    log = open(os.path.join(arguments.out, "log.jsonl"), "a")
    started = time.time()
    for step in range(1, arguments.steps + 1):
        features, targets, phonemes, mask = batch(train, rng.integers(0, len(train), arguments.batch),
                                                  arguments.frames, rng, augmenting=True)
        controls, logits = model(features)
        count = min(controls.shape[1], targets.shape[1])
        controls, logits = controls[:, :count], logits[:, :count]
        targets, phonemes, mask = targets[:, :count], phonemes[:, :count], mask[:, :count]
        control_loss = ((controls - targets).abs() * CONTROL_WEIGHTS).sum(-1)
        phoneme_loss = torch.nn.functional.cross_entropy(logits.transpose(1, 2), phonemes, reduction="none",
                                                         label_smoothing=0.1)
        loss = ((control_loss + 0.5 * phoneme_loss) * mask).sum() / mask.sum()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.4f} {time.time() - started:.0f} s", flush=True)
        if step % arguments.validate_every == 0 or step == arguments.steps:
            record = {"step": step, "seconds": round(time.time() - started),
                      "clean": evaluate(model, valid, False, 1), "augmented": evaluate(model, valid, True, 2)}
            print(json.dumps(record), flush=True)
            log.write(json.dumps(record) + "\n")
            log.flush()
            torch.save(model.state_dict(), os.path.join(arguments.out, "model.pt"))


if __name__ == "__main__":
    main()
