"""Contact sheet of a rendered video's frames, for the README: `python3 docs/make_frame_sheet.py hello.mp4 docs/render-astronaut.png`.

Needs PyAV (`pip install av`) and Pillow; the project itself does not. Takes 8 frames 0.4 s apart and crops each to the
square around the middle of the frame's upper half (the head and shoulders of a portrait).
"""
import sys

import av
from PIL import Image

video, output = sys.argv[1], sys.argv[2]
frames = [frame.to_image() for frame in av.open(video).decode(video=0)]
step = 10  # 0.4 s at 25 fps
picked = frames[::step][:8]
width, height = picked[0].size
side = min(width, height) * 2 // 3
left, top = (width - side) // 2, 0
tile = 240
sheet = Image.new("RGB", (4 * tile + 5 * 4, 2 * tile + 3 * 4), "white")
for index, image in enumerate(picked):
    crop = image.crop((left, top, left + side, top + side)).resize((tile, tile), Image.LANCZOS)
    sheet.paste(crop, (4 + (index % 4) * (tile + 4), 4 + (index // 4) * (tile + 4)))
sheet.save(output)
