#!/usr/bin/env python3
"""Golden fixtures for the MediaPipe models, produced by the ai-edge-litert interpreter.

The Swift .tflite executor's golden tests compare against these files; the Swift
tests themselves never run Python. This script only has to be rerun when a model,
the input images, or this script change.

Run (from the repository root):

    pip install ai-edge-litert pillow          # numpy comes with ai-edge-litert
    python3 Tests/Fixtures/make_golden.py \
        [--models Models] \
        [--image  Tests/Fixtures/astronaut.png] \
        [--out    Tests/Fixtures/golden]

What it writes (see Tests/Fixtures/README.md for the full schema):

    golden/<model>/manifest.json              tensor names/shapes/dtypes, normalization,
                                              litert version, model sha256, per-case files,
                                              sanity-check results
    golden/<model>/<case>.input.f32           the input tensor (NHWC, RGB, float32 LE)
    golden/<model>/<case>.out<k>.f32          output k in subgraph-output order (float32 LE)
    golden/preview_*.png                      small debug drawings of the decoded outputs

Models: face_detection_short_range, face_landmark, selfie_segmentation,
pose_landmark_full. Cases per model: "astronaut" (the crop of astronaut.png the
model expects, see crop_for()) and "synthetic" (a deterministic image of smooth
gradients and a few shapes drawn directly at the model's input size).

Input normalization (pixel p in 0..255, tensor value t):
    face_detection_short_range  t = p / 127.5 - 1     range [-1, 1]
        (model metadata NormalizationOptions mean 127.5 std 127.5; MediaPipe
         face_detection.pbtxt output_tensor_float_range {min: -1 max: 1})
    face_landmark               t = p / 255           range [0, 1]
        (metadata mean 0 std 255)
    selfie_segmentation         t = p / 255           range [0, 1]
        (metadata mean 0 std 255)
    pose_landmark_full          t = p / 255           range [0, 1]
        (no metadata in the file; MediaPipe pose_landmark_by_roi_cpu.pbtxt
         output_tensor_float_range {min: 0 max: 1})

Resampling: bilinear with pixel centres at +0.5 (like OpenCV warpAffine INTER_LINEAR,
which MediaPipe's CPU ImageToTensorCalculator uses), no antialiasing, computed in
float64 from the uint8 image; outside the image: zero (letterbox) for detection,
segmentation and pose, replicate for the face-landmark crop.

The reference run is Interpreter(num_threads=1) with the default op resolver
(XNNPACK delegate applied, as MediaPipe's CPU graphs do). The script also runs the
default thread count and checks the outputs are bit-identical, and runs the
reference kernels (OpResolverType.BUILTIN_REF) and records the max |difference|
per output, to show how much two correct implementations already differ.
"""

import argparse
import hashlib
import json
import math
import os
import platform
import sys

import numpy as np
from PIL import Image, ImageDraw

import ai_edge_litert
from ai_edge_litert.interpreter import Interpreter, OpResolverType

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_MODELS = os.path.join(ROOT, "Models")
DEFAULT_IMAGE = os.path.join(ROOT, "Tests", "Fixtures", "astronaut.png")

MODELS = {
    "face_detection_short_range": dict(size=128, range=(-1.0, 1.0), border="zero",
        source="metadata NormalizationOptions mean=[127.5] std=[127.5]; MediaPipe face_detection.pbtxt "
               "output_tensor_float_range {min: -1 max: 1}"),
    "face_landmark": dict(size=192, range=(0.0, 1.0), border="replicate",
        source="metadata NormalizationOptions mean=[0] std=[255]; MediaPipe face_landmark ImageToTensor "
               "output_tensor_float_range {min: 0 max: 1}"),
    "selfie_segmentation": dict(size=256, range=(0.0, 1.0), border="zero",
        source="metadata NormalizationOptions mean=[0] std=[255]; MediaPipe selfie_segmentation "
               "output_tensor_float_range {min: 0 max: 1}"),
    "pose_landmark_full": dict(size=256, range=(0.0, 1.0), border="zero",
        source="no metadata in the file; MediaPipe pose_landmark_by_roi_cpu.pbtxt "
               "output_tensor_float_range {min: 0 max: 1}"),
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def op_counts(path):
    """Operator histogram of subgraph 0, builtin names or the custom code."""
    from ai_edge_litert import schema_py_generated as fb
    names = {v: k for k, v in vars(fb.BuiltinOperator).items() if not k.startswith("_")}
    with open(path, "rb") as f:
        model = fb.Model.GetRootAsModel(f.read(), 0)
    sg = model.Subgraphs(0)
    counts = {}
    for i in range(sg.OperatorsLength()):
        oc = model.OperatorCodes(sg.Operators(i).OpcodeIndex())
        code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
        key = oc.CustomCode().decode() if code == fb.BuiltinOperator.CUSTOM else names[code]
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


# ---------------------------------------------------------------- resampling

def crop_resize(img, cx, cy, w, h, out, border):
    """Samples the axis-aligned rectangle centred at (cx, cy) of size w x h (image
    pixels, float) into an out x out float64 RGB image. Output pixel (i, j) has its
    centre at source x = cx - w/2 + (j + 0.5) * w/out, and is read bilinearly from
    pixel centres at integer + 0.5."""
    H, W, _ = img.shape
    src = img.astype(np.float64)
    xs = cx - w / 2 + (np.arange(out) + 0.5) * (w / out) - 0.5
    ys = cy - h / 2 + (np.arange(out) + 0.5) * (h / out) - 0.5
    x0 = np.floor(xs).astype(np.int64); fx = xs - x0
    y0 = np.floor(ys).astype(np.int64); fy = ys - y0

    def take(yi, xi):
        if border == "replicate":
            return src[np.clip(yi, 0, H - 1)][:, np.clip(xi, 0, W - 1)]
        valid = ((yi >= 0) & (yi < H))[:, None] & ((xi >= 0) & (xi < W))[None, :]
        v = src[np.clip(yi, 0, H - 1)][:, np.clip(xi, 0, W - 1)]
        return v * valid[:, :, None]

    a = take(y0, x0); b = take(y0, x0 + 1); c = take(y0 + 1, x0); d = take(y0 + 1, x0 + 1)
    fx = fx[None, :, None]; fy = fy[:, None, None]
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy


def normalize(pixels, rng):
    lo, hi = rng
    return (pixels * ((hi - lo) / 255.0) + lo).astype(np.float32)


def synthetic(size, seed_shift):
    """Deterministic test image (float64 RGB in 0..255, integer-valued): smooth
    gradients, a disc, a rectangle, a ring and a diagonal stripe. No randomness."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float64) / (size - 1)
    r = 255 * (0.5 + 0.5 * np.sin(2 * math.pi * (x + 0.25 * seed_shift)))
    g = 255 * y
    b = 255 * (0.5 + 0.5 * np.cos(2 * math.pi * (x * y + 0.5 * x)))
    img = np.stack([r, g, b], axis=-1)
    disc = (x - 0.35) ** 2 + (y - 0.4) ** 2 < 0.18 ** 2
    img[disc] = (230, 190, 160)
    rect = (x > 0.6) & (x < 0.9) & (y > 0.55) & (y < 0.85)
    img[rect] = (20, 40, 200)
    rr = np.sqrt((x - 0.7) ** 2 + (y - 0.25) ** 2)
    img[(rr > 0.08) & (rr < 0.12)] = (250, 250, 30)
    img[np.abs(x - y + 0.45) < 0.03] = (0, 0, 0)
    return np.round(img)


# ------------------------------------------------------------------ models

def run(model_path, tensor, num_threads, resolver=OpResolverType.AUTO):
    it = Interpreter(model_path=model_path, num_threads=num_threads,
                     experimental_op_resolver_type=resolver)
    it.allocate_tensors()
    ins = it.get_input_details()
    assert len(ins) == 1, "one input expected"
    it.set_tensor(ins[0]["index"], tensor)
    it.invoke()
    outs = it.get_output_details()
    return ins, outs, [np.array(it.get_tensor(o["index"]), dtype=np.float32) for o in outs]


# ------------------------------------------------- face detection decoding

def ssd_anchors():
    """MediaPipe SsdAnchorsCalculator for face_detection_short_range: 4 layers,
    strides [8, 16, 16, 16], aspect ratio 1 plus the interpolated scale (2 anchors
    per layer per cell), fixed_anchor_size, offset 0.5. Consecutive layers with
    the same stride share a grid: 16x16x2 + 8x8x6 = 896 anchors, centres in [0,1]."""
    strides = [8, 16, 16, 16]
    anchors = []
    layer = 0
    while layer < len(strides):
        n = 0
        last = layer
        while last < len(strides) and strides[last] == strides[layer]:
            n += 2
            last += 1
        grid = int(math.ceil(128 / strides[layer]))
        for yy in range(grid):
            for xx in range(grid):
                for _ in range(n):
                    anchors.append(((xx + 0.5) / grid, (yy + 0.5) / grid))
        layer = last
    a = np.array(anchors, dtype=np.float64)
    assert a.shape == (896, 2)
    return a


def decode_faces(regressors, classificators, thresh=0.5):
    """Returns detections as dicts with box (xmin, ymin, xmax, ymax) and 6 keypoints in
    tensor-normalized [0,1] coordinates and score, after weighted NMS (IoU 0.3)."""
    anchors = ssd_anchors()
    raw = regressors.reshape(896, 16).astype(np.float64)
    scores = sigmoid(np.clip(classificators.reshape(896), -100, 100))
    cx = raw[:, 0] / 128 + anchors[:, 0]
    cy = raw[:, 1] / 128 + anchors[:, 1]
    w = raw[:, 2] / 128
    h = raw[:, 3] / 128
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    kps = raw[:, 4:].reshape(896, 6, 2) / 128 + anchors[:, None, :]
    idx = [i for i in np.argsort(-scores, kind="stable") if scores[i] >= thresh]

    def iou(a, b):
        ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
        iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        inter = ix * iy
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
        return inter / union if union > 0 else 0.0

    faces = []
    remaining = list(idx)
    while remaining:
        top = remaining[0]
        cluster = [i for i in remaining if iou(boxes[top], boxes[i]) > 0.3]
        remaining = [i for i in remaining if i not in cluster]
        wts = scores[cluster]
        faces.append(dict(
            score=float(scores[top]),
            box=(boxes[cluster] * wts[:, None]).sum(0) / wts.sum(),
            keypoints=(kps[cluster] * wts[:, None, None]).sum(0) / wts.sum(),
            anchors_in_cluster=len(cluster)))
    return faces, int((scores >= thresh).sum())


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", default=DEFAULT_MODELS)
    ap.add_argument("--image", default=DEFAULT_IMAGE)
    ap.add_argument("--out", default=os.path.join(HERE, "golden"))
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    image = np.asarray(Image.open(args.image).convert("RGB"))
    IH, IW, _ = image.shape
    versions = dict(ai_edge_litert=ai_edge_litert.__version__ if hasattr(ai_edge_litert, "__version__") else "unknown",
                    numpy=np.__version__, pillow=Image.__version__, python=platform.python_version())
    print(f"ai-edge-litert {versions['ai_edge_litert']}, numpy {versions['numpy']}, image {args.image} {IW}x{IH}")

    # Whole-image square ROI (letterbox for non-square images) used by detection and pose.
    side = max(IW, IH)
    whole_square = dict(cx=IW / 2, cy=IH / 2, w=side, h=side)
    whole_stretch = dict(cx=IW / 2, cy=IH / 2, w=IW, h=IH)   # selfie segmentation: no aspect kept

    results = {}
    sanity = {}
    order = ["face_detection_short_range", "face_landmark", "selfie_segmentation", "pose_landmark_full"]
    face_roi = None
    for name in order:
        spec = MODELS[name]
        size = spec["size"]
        model_path = os.path.join(args.models, name + ".tflite")
        if name == "face_detection_short_range":
            roi = whole_square
            roi_desc = "whole image, square (letterboxed with zeros if not square)"
        elif name == "face_landmark":
            roi = face_roi
            roi_desc = ("square around the detected face: centre of the detection box, side = 1.5 x the "
                        "longer box side in pixels (MediaPipe RectTransformation scale 1.5, square_long), "
                        "no rotation; outside the image replicated")
        elif name == "selfie_segmentation":
            roi = whole_stretch
            roi_desc = "whole image stretched to 256x256 (keep_aspect_ratio false)"
        else:
            roi = whole_square
            roi_desc = "whole image, square (letterboxed with zeros if not square)"

        cases = {
            "astronaut": (crop_resize(image, roi["cx"], roi["cy"], roi["w"], roi["h"], size, spec["border"]),
                          dict(source=os.path.basename(args.image), roi_image_px=roi, roi=roi_desc)),
            "synthetic": (synthetic(size, order.index(name)),
                          dict(source="synthetic(size=%d, seed_shift=%d) in make_golden.py" % (size, order.index(name)))),
        }
        mdir = os.path.join(args.out, name)
        os.makedirs(mdir, exist_ok=True)
        manifest = dict(
            model=name, model_file=name + ".tflite", model_sha256=sha256(model_path),
            ops=op_counts(model_path),
            versions=versions,
            interpreter="ai_edge_litert.interpreter.Interpreter(num_threads=1), default op resolver "
                        "(XNNPACK delegate), float32",
            byte_order="little", element_type="float32", memory_layout="C order (row-major) of the shape; "
                                                                          "images NHWC, channels RGB",
            input_normalization=dict(pixel_range=[0, 255], tensor_range=list(spec["range"]),
                                     formula="t = p * (%g / 255) + %g" % (spec["range"][1] - spec["range"][0], spec["range"][0]),
                                     source=spec["source"]),
            resampling="bilinear, pixel centres at +0.5, no antialiasing, float64, border " + spec["border"],
            cases=[])
        for case, (pixels, info) in cases.items():
            tensor = normalize(pixels, spec["range"])[None]
            ins, outs, y1 = run(model_path, tensor, 1)
            _, _, yd = run(model_path, tensor, None)
            identical = all(np.array_equal(a, b) for a, b in zip(y1, yd))
            try:
                _, _, yr = run(model_path, tensor, 1, OpResolverType.BUILTIN_REF)
                ref_diff = [float(np.max(np.abs(a - b))) for a, b in zip(y1, yr)]
                ref_rel = [d / max(1.0, float(np.max(np.abs(a)))) for d, a in zip(ref_diff, y1)]
            except RuntimeError as e:  # segmentation/pose use the custom Convolution2DTransposeBias,
                ref_diff = ref_rel = None  # which only the XNNPACK delegate implements
                ref_error = str(e).split("\n")[0]
            manifest.setdefault("input", dict(name=ins[0]["name"], tensor_index=int(ins[0]["index"]),
                                              shape=[int(s) for s in ins[0]["shape"]],
                                              dtype=np.dtype(ins[0]["dtype"]).name))
            manifest.setdefault("outputs", [dict(name=o["name"], tensor_index=int(o["index"]),
                                                 shape=[int(s) for s in o["shape"]],
                                                 dtype=np.dtype(o["dtype"]).name) for o in outs])
            in_file = f"{case}.input.f32"
            tensor.astype("<f4").tofile(os.path.join(mdir, in_file))
            out_files = []
            for k, y in enumerate(y1):
                fn = f"{case}.out{k}.f32"
                y.astype("<f4").tofile(os.path.join(mdir, fn))
                out_files.append(fn)
            manifest["cases"].append(dict(
                name=case, input_file=in_file, output_files=out_files, **info,
                input_sha256=hashlib.sha256(tensor.astype("<f4").tobytes()).hexdigest(),
                default_threads_bit_identical=identical,
                builtin_ref_max_abs_diff=ref_diff if ref_diff is not None else "not runnable: " + ref_error,
                builtin_ref_max_rel_diff=ref_rel,
                output_stats=[dict(min=float(y.min()), max=float(y.max()), mean=float(y.mean())) for y in y1]))
            results[(name, case)] = (pixels, y1, roi if case == "astronaut" else None)
            print(f"{name:28s} {case:10s} threads identical={identical} max|xnnpack-ref|="
                  + (f"{max(ref_diff):.3g}" if ref_diff is not None else "n/a (custom op)"))

            # Face ROI for the landmark model comes from the detection on astronaut.png.
            if name == "face_detection_short_range" and case == "astronaut":
                faces, n_anchors = decode_faces(y1[0], y1[1])
                s = roi["w"] / size  # tensor px -> image px (square roi)
                ox, oy = roi["cx"] - roi["w"] / 2, roi["cy"] - roi["h"] / 2
                det = []
                for f in faces:
                    bx = f["box"] * size * s + np.array([ox, oy, ox, oy])
                    kp = f["keypoints"] * size * s + np.array([ox, oy])
                    det.append(dict(score=f["score"], box_image_px=[round(float(v), 2) for v in bx],
                                    keypoints_image_px=[[round(float(a), 2) for a in p] for p in kp],
                                    anchors_in_cluster=f["anchors_in_cluster"]))
                sanity[name] = dict(anchors_above_0_5=n_anchors, faces_after_weighted_nms=len(det),
                                    faces=det, ok=len(det) == 1)
                if det:
                    b = det[0]["box_image_px"]
                    bw, bh = b[2] - b[0], b[3] - b[1]
                    side_f = 1.5 * max(bw, bh)
                    face_roi = dict(cx=(b[0] + b[2]) / 2, cy=(b[1] + b[3]) / 2, w=side_f, h=side_f)
                else:
                    sys.exit("no face found on the portrait; cannot build the face-landmark crop")
        with open(os.path.join(mdir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
        results[name] = manifest

    # ---------------------------------------------------------------- sanity
    pixels, (lm, flag), roi = results[("face_landmark", "astronaut")]
    pts = lm.reshape(468, 3)
    inside = bool(np.all((pts[:, :2] >= 0) & (pts[:, :2] <= 192)))
    sanity["face_landmark"] = dict(flag_logit=float(flag.reshape(-1)[0]),
                                   flag_sigmoid=float(sigmoid(flag.reshape(-1)[0])),
                                   landmarks_inside_crop=inside,
                                   x_range=[float(pts[:, 0].min()), float(pts[:, 0].max())],
                                   y_range=[float(pts[:, 1].min()), float(pts[:, 1].max())],
                                   ok=bool(sigmoid(flag.reshape(-1)[0]) > 0.5 and inside))
    seg_px, (mask,), _ = results[("selfie_segmentation", "astronaut")]
    m = mask.reshape(256, 256)
    corners = np.concatenate([m[:24, :24].ravel(), m[:24, -24:].ravel()])
    fb = sanity["face_detection_short_range"]["faces"][0]["box_image_px"]
    sx = 256 / IW; sy = 256 / IH
    face_region = m[int(fb[1] * sy):int(fb[3] * sy), int(fb[0] * sx):int(fb[2] * sx)]
    torso = m[int(0.85 * 256):, int(0.35 * 256):int(0.65 * 256)]
    sanity["selfie_segmentation"] = dict(
        mask_range=[float(m.min()), float(m.max())],
        top_corners_24px_mean=float(corners.mean()),
        face_box_mean=float(face_region.mean()), torso_bottom_centre_mean=float(torso.mean()),
        fraction_above_0_5=float((m > 0.5).mean()),
        ok=bool(corners.mean() < 0.1 and face_region.mean() > 0.9 and torso.mean() > 0.9))
    pose_px, pose_out, _ = results[("pose_landmark_full", "astronaut")]
    pl = pose_out[0].reshape(39, 5)
    sanity["pose_landmark_full"] = dict(
        pose_flag=float(pose_out[1].reshape(-1)[0]),
        note="landmarks = Identity[39x5] (x, y, z, visibility logit, presence logit) in 256-px tensor space",
        nose_xy=[float(pl[0, 0]), float(pl[0, 1])],
        shoulders_xy=[[float(pl[11, 0]), float(pl[11, 1])], [float(pl[12, 0]), float(pl[12, 1])]],
        shoulder_visibility=[float(sigmoid(pl[11, 3])), float(sigmoid(pl[12, 3]))])
    print(json.dumps(sanity, indent=1))
    with open(os.path.join(args.out, "sanity.json"), "w") as f:
        json.dump(sanity, f, indent=1)
        f.write("\n")

    # ---------------------------------------------------------------- previews
    def to_img(px, scale=1):
        im = Image.fromarray(np.clip(np.round(px), 0, 255).astype(np.uint8))
        return im.resize((im.width * scale, im.height * scale), Image.NEAREST) if scale != 1 else im

    det_px, _, det_roi = results[("face_detection_short_range", "astronaut")]
    im = to_img(det_px, 2)  # 256x256
    d = ImageDraw.Draw(im)
    k = 256 / det_roi["w"]
    for fce in sanity["face_detection_short_range"]["faces"]:
        b = [v * k for v in fce["box_image_px"]]
        d.rectangle(b, outline=(255, 0, 0), width=2)
        for x, y in fce["keypoints_image_px"]:
            d.ellipse([x * k - 3, y * k - 3, x * k + 3, y * k + 3], fill=(0, 255, 0))
        r = face_roi
        d.rectangle([(r["cx"] - r["w"] / 2) * k, (r["cy"] - r["h"] / 2) * k,
                     (r["cx"] + r["w"] / 2) * k, (r["cy"] + r["h"] / 2) * k], outline=(255, 255, 0))
    im.save(os.path.join(args.out, "preview_face_detection.png"))

    im = to_img(pixels, 2)  # the 192x192 crop shown at 384x384
    d = ImageDraw.Draw(im)
    for x, y, _ in pts:
        d.ellipse([2 * x - 1, 2 * y - 1, 2 * x + 1, 2 * y + 1], fill=(0, 255, 0))
    im.save(os.path.join(args.out, "preview_face_landmark.png"))

    base = to_img(seg_px).convert("RGBA")
    over = np.zeros((256, 256, 4), np.uint8)
    over[..., 0] = 255
    over[..., 3] = (np.clip(m, 0, 1) * 110).astype(np.uint8)
    Image.alpha_composite(base, Image.fromarray(over, "RGBA")).convert("RGB").save(
        os.path.join(args.out, "preview_selfie_segmentation.png"))

    im = to_img(pose_px)
    d = ImageDraw.Draw(im)
    for a, b in [(11, 12), (11, 13), (13, 15), (12, 14), (14, 16), (11, 23), (12, 24), (23, 24),
                 (0, 2), (0, 5), (9, 10)]:
        d.line([tuple(pl[a, :2]), tuple(pl[b, :2])], fill=(255, 255, 0), width=1)
    for i, (x, y, z, vis, pres) in enumerate(pl[:33]):
        col = (0, 255, 0) if sigmoid(vis) > 0.5 else (255, 0, 0)
        d.ellipse([x - 2, y - 2, x + 2, y + 2], fill=col)
    im.save(os.path.join(args.out, "preview_pose_landmark.png"))

    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(args.out) for f in fs)
    print(f"wrote {args.out}: {total / 1e6:.2f} MB")
    ok = all(v.get("ok", True) for v in sanity.values())
    print("sanity:", "all OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
