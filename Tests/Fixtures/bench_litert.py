#!/usr/bin/env python3
"""Reference inference times of the MediaPipe models in the ai-edge-litert interpreter.

The figure that `vlogger-gpu bench models` is quoted against. A script,
not a test: timings never gate anything.

Run (from the repository root):

    pip install ai-edge-litert
    python3 Tests/Fixtures/bench_litert.py [--models DIR] [--runs 20] [--threads 1 2] [--json out.json]

For each model and thread count: load with the default op resolver (XNNPACK
delegate, as MediaPipe's CPU graphs use), feed the golden astronaut input tensor
(Tests/Fixtures/golden/<model>/astronaut.input.f32; a fixed pseudo-random tensor if
the fixtures are absent), run 3 warm-up invocations, then time --runs invocations
with time.perf_counter() and report the median and min in milliseconds.
"""

import argparse
import json
import os
import platform
import statistics
import time

import numpy as np

import ai_edge_litert
from ai_edge_litert.interpreter import Interpreter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_MODELS = os.path.join(ROOT, "Models")
MODELS = ["face_detection_short_range", "face_landmark", "selfie_segmentation", "pose_landmark_full"]


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def bench(model_path, tensor_path, threads, runs):
    it = Interpreter(model_path=model_path, num_threads=threads)
    it.allocate_tensors()
    inp = it.get_input_details()[0]
    if os.path.exists(tensor_path):
        x = np.fromfile(tensor_path, dtype="<f4").reshape(inp["shape"])
    else:
        x = np.random.default_rng(0).uniform(0, 1, inp["shape"]).astype(np.float32)
    it.set_tensor(inp["index"], x)
    for _ in range(3):
        it.invoke()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        it.invoke()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", default=DEFAULT_MODELS)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    info = dict(ai_edge_litert=getattr(ai_edge_litert, "__version__", "unknown"), cpu=cpu_name(),
                cores=os.cpu_count(), python=platform.python_version(), runs=args.runs, warmup=3)
    print(f"ai-edge-litert {info['ai_edge_litert']} on {info['cpu']} ({info['cores']} cores), "
          f"median / min of {args.runs} warm runs, ms")
    header = f"{'model':28s}" + "".join(f"{'threads=' + str(t):>20s}" for t in args.threads)
    print(header)
    rows = []
    for name in MODELS:
        line = f"{name:28s}"
        for t in args.threads:
            med, best = bench(os.path.join(args.models, name + ".tflite"),
                              os.path.join(HERE, "golden", name, "astronaut.input.f32"), t, args.runs)
            rows.append(dict(model=name, threads=t, median_ms=round(med, 3), min_ms=round(best, 3)))
            line += f"{med:11.2f} / {best:6.2f}"
        print(line)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(info=info, results=rows), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
