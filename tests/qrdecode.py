"""Reading a poster's inline SVG QR code back, as a phone would: rasterise the poster's path, decode it
with zxing-cpp's reader."""

from __future__ import annotations

import re

import zxingcpp

SCALE = 4  # pixels per module
QUIET = 4  # modules of white border, as the standard asks
PATH_DATA = re.compile(r'<path[^>]*\sd="([^"]+)"')
VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
COMMAND = re.compile(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?")


def modules(svg: str) -> list[list[bool]]:
    """The dark modules the SVG draws: each row as horizontal strokes (M, m, h)."""
    width, height = map(int, VIEWBOX.search(svg).groups())
    grid = [[False] * width for _ in range(height)]
    x = y = 0.0
    for op, a, b in COMMAND.findall(PATH_DATA.search(svg).group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for col in range(int(x), int(x + float(a))):
                grid[int(y)][col] = True
            x += float(a)
    return grid


def decode_svg(svg: str) -> list[str]:
    """The text of every code zxing-cpp finds in the picture the SVG draws."""
    return [found.text for found in codes_in_svg(svg)]


def codes_in_svg(svg: str) -> list[zxingcpp.Barcode]:
    """Every code zxing-cpp finds in the picture the SVG draws, with what its reader tells of it."""
    grid = modules(svg)
    side = (len(grid) + 2 * QUIET) * SCALE
    pixels = bytearray(b"\xff" * side * side)
    for r, row in enumerate(grid):
        for c, dark in enumerate(row):
            if dark:
                for dy in range(SCALE):
                    start = ((r + QUIET) * SCALE + dy) * side + (c + QUIET) * SCALE
                    pixels[start:start + SCALE] = b"\x00" * SCALE
    image = memoryview(pixels).cast("B", (side, side))
    return list(zxingcpp.read_barcodes(image))
