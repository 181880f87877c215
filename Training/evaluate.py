"""Scores a trained SpeechToMouth on shards: the validation split, or the held-out languages
(`make_data.py --held-out`), clean and augmented. The measures are train.py's, plus the bilabials the phoneme head
finds as the Swift side decodes it (what `--lipsync neural` closes the lips on).

  Training/.venv/bin/python Training/evaluate.py RUN/model.pt 'DATA/valid-*.npz'
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from model import SpeechToMouth  # noqa: E402
from train import Shards, evaluate  # noqa: E402


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    model = SpeechToMouth()
    model.load_state_dict(torch.load(sys.argv[1], map_location="cpu", weights_only=True))
    shards = Shards(sys.argv[2])
    print(json.dumps({"utterances": len(shards), "clean": evaluate(model, shards, False, 1),
                      "augmented": evaluate(model, shards, True, 2)}, indent=1))


if __name__ == "__main__":
    main()
