"""Every picture under docs/ (`make docs`): the README's four (a rendered video's frames, a motion plot, the pose
contact sheet, the analyze preview, each from the command README shows beside it) and the contact sheets of what the
renderer makes, for looking at (docs/sheets/*.png).

Runs the release binary on the astronaut and photos derived from it (a grayscale copy, a close-up, a group of two),
then lays the crops out with captions. Needs Pillow and PyAV (`pip install pillow av`, or Debian's python3-pil and
python3-av); the project itself does not.
"""
import os
import subprocess
import sys
import tempfile

import av
from PIL import Image, ImageDraw, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, ".build", "release", "vlogger-gpu")
PORTRAIT = os.path.join(ROOT, "Tests", "Fixtures", "astronaut.png")
OUT = os.path.join(ROOT, "docs", "sheets")
WORK = tempfile.mkdtemp(prefix="vlogger-docs-")
TILE = 256


def run(*args):
    subprocess.run([TOOL, *args, "--quiet"] if args[0] in ("render", "translate") else [TOOL, *args], check=True,
                   stdout=subprocess.DEVNULL)


def pose(photo, name, *controls):
    path = os.path.join(WORK, name + ".png")
    run("pose", "--image", photo, *controls, "-o", path, "--force")
    return Image.open(path).convert("RGB")


def sheet(name, tiles, columns):
    """Tiles: (image, caption) pairs, laid out left to right, captions under each."""
    rows = (len(tiles) + columns - 1) // columns
    caption = 18
    out = Image.new("RGB", (columns * (TILE + 4) + 4, rows * (TILE + caption + 4) + 4), "white")
    draw = ImageDraw.Draw(out)
    for index, (image, text) in enumerate(tiles):
        x, y = 4 + (index % columns) * (TILE + 4), 4 + (index // columns) * (TILE + caption + 4)
        out.paste(image.resize((TILE, TILE), Image.LANCZOS), (x, y))
        draw.text((x + 2, y + TILE + 3), text, fill="black")
    out.save(os.path.join(OUT, name + ".png"))
    print("wrote", os.path.join("docs", "sheets", name + ".png"))


def readme_pictures():
    """The pictures README shows, made by the commands it quotes beside them."""
    docs = os.path.join(ROOT, "docs")
    hello = os.path.join(WORK, "hello.mp4")
    run("render", "--image", PORTRAIT, "--text", "Hello! My name is Eileen, and I flew the space shuttle.", "-o", hello)
    subprocess.run([sys.executable, os.path.join(docs, "make_frame_sheet.py"), hello, os.path.join(docs, "render-astronaut.png")],
                   check=True)
    run("motion", "--text", "Bob may buy a map of Paris. Then we go home by bus.", "-o", os.path.join(WORK, "motion.json"),
        "--plot", os.path.join(docs, "motion-sentence.png"), "--force")
    run("pose", "--image", PORTRAIT, "--contact-sheet", "-o", os.path.join(docs, "poses-astronaut.png"), "--force")
    run("analyze", "--image", PORTRAIT, "--preview", os.path.join(docs, "analyze-astronaut.png"), "--force")
    for name in ("render-astronaut", "motion-sentence", "poses-astronaut", "analyze-astronaut"):
        print("wrote", os.path.join("docs", name + ".png"))


def main():
    os.makedirs(OUT, exist_ok=True)
    readme_pictures()
    astronaut = Image.open(PORTRAIT).convert("RGB")
    face = (165, 60, 295, 190)      # the astronaut's head, 130 px square
    mouth = (195, 125, 265, 195)    # her mouth and chin
    eyes = (180, 85, 280, 130)      # both eyes, 100x45

    # Mouth shapes: neutral to wide open, and the other shapes speech uses.
    shapes = [("neutral", []), ("jaw 0.3", ["--jaw", "0.3"]), ("jaw 0.6", ["--jaw", "0.6"]), ("jaw 0.9", ["--jaw", "0.9"]),
              ("funnel 1", ["--funnel", "1"]), ("pucker 1", ["--pucker", "1"]), ("lip press 1", ["--lip-press", "1"]),
              ("smile 1 + jaw 0.4", ["--smile", "1", "--jaw", "0.4"])]
    sheet("mouth-shapes", [(pose(PORTRAIT, "m%d" % i, *c).crop(mouth), t) for i, (t, c) in enumerate(shapes)], 4)

    # A blink, frame by frame (eyes only, stretched to a square tile).
    blinks = ["0", "0.25", "0.5", "0.75", "0.9", "1"]
    sheet("blink", [(pose(PORTRAIT, "b" + b, "--blink", b).crop(eyes), "blink " + b) for b in blinks], 3)

    # A grayscale photo: every mouth pixel stays gray.
    gray_path = os.path.join(WORK, "gray.png")
    ImageOps.grayscale(astronaut).convert("RGB").save(gray_path)
    gray = [("neutral", []), ("jaw 0.8", ["--jaw", "0.8"]), ("smile 1 + jaw 0.5", ["--smile", "1", "--jaw", "0.5"]),
            ("blink 1, yaw 15", ["--blink", "1", "--yaw", "15"])]
    sheet("grayscale", [(pose(gray_path, "g%d" % i, *c).crop(face), t) for i, (t, c) in enumerate(gray)], 4)

    # Other framings: a close-up the face fills (border pinning) and a group of two (only the left person moves).
    closeup_path = os.path.join(WORK, "closeup.png")
    astronaut.crop((140, 40, 330, 250)).resize((380, 420), Image.LANCZOS).save(closeup_path)
    group_path = os.path.join(WORK, "group.png")
    group = Image.new("RGB", (700, 400), (200, 200, 200))
    group.paste(astronaut.resize((400, 400), Image.LANCZOS), (0, 0))
    group.paste(astronaut.resize((340, 340), Image.LANCZOS), (360, 60))
    group.save(group_path)
    big = ["--yaw", "20", "--torso-roll", "10", "--shrug", "0.2", "--jaw", "0.6"]
    framings = [(Image.open(closeup_path).convert("RGB"), "close-up photo"), (pose(closeup_path, "c1", *big), "close-up posed"),
                (group, "group photo"), (pose(group_path, "g1", *big), "group posed (left person)")]
    sheet("framings", [(ImageOps.pad(image, (TILE, TILE), color="white"), text) for image, text in framings], 4)

    # translate: a rendered clip dubbed with other words; the same frames before and after.
    source = os.path.join(WORK, "source.mp4")
    dubbed = os.path.join(WORK, "dubbed.mp4")
    run("render", "--image", PORTRAIT, "--text", "We rendered this sentence first.", "-o", source, "--force")
    run("translate", "--video", source, "--text", "Bob may buy a map of Paris.", "-o", dubbed, "--force")
    def frames(path):
        return [frame.to_image() for frame in av.open(path).decode(video=0)]
    before, after = frames(source), frames(dubbed)
    picks = [len(after) * k // 5 for k in range(1, 5)]
    tiles = [(before[i].crop(face), "source frame %d" % i) for i in picks] + [(after[i].crop(face), "dubbed frame %d" % i) for i in picks]
    sheet("translate", tiles, 4)


if __name__ == "__main__":
    sys.exit(main())
