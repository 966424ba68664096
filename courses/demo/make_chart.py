"""Draw the demo chart ``assets/samtalsfordelning.png``: how calls to a municipality
divide.

The PNG is committed and the demo loader uses it as it is; run this only to remake it:

    .venv/bin/python courses/demo/make_chart.py [path/to/font.ttf]

It needs a TrueType font with Swedish letters (Pillow's built-in font has no å, ä, ö);
DejaVu Sans, Debian's fonts-dejavu-core, is used by default.
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
OUTPUT = Path(__file__).resolve().parent / "assets" / "samtalsfordelning.png"
BARS = [
    ("Frågor och vägledning – kan besvaras i KC", 85, "#0b5394"),
    ("Handläggning på förvaltningen", 15, "#8a4b00"),
]


def draw(font_path: str = FONT) -> Image.Image:
    width, height = 800, 340
    canvas = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(canvas)
    title = ImageFont.truetype(font_path, 26)
    label = ImageFont.truetype(font_path, 20)
    pen.text((30, 20), "Samtal till kommunen – fördelning", fill="#1b1f24", font=title)
    for row, (text, share, colour) in enumerate(BARS):
        top = 90 + row * 120
        pen.text((30, top), text, fill="#1b1f24", font=label)
        bar = int((width - 200) * share / 100)
        pen.rectangle((30, top + 34, 30 + bar, top + 84), fill=colour)
        pen.text((45 + bar, top + 44), f"{share} %", fill="#1b1f24", font=title)
    return canvas


if __name__ == "__main__":
    draw(*sys.argv[1:2]).save(OUTPUT, optimize=True)
    sys.stdout.write(f"Wrote {OUTPUT}\n")
