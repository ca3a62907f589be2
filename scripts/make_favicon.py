"""Write the portal's icons from one drawing: a yellow star on the header's red, rounded square.

    uv run --frozen python scripts/make_favicon.py

Writes cchc/portal/static/portal/icon.svg (modern browsers) and, drawn by Pillow from the same
geometry (Pillow reads no SVG), cchc/portal/root/favicon.ico (16, 32 and 48 px: what browsers,
crawlers and feed readers ask for at /favicon.ico) and cchc/portal/root/apple-touch-icon.png
(180 px, a phone's home screen). The outputs are committed; run again only to change the design.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

PORTAL = Path(__file__).resolve().parent.parent / "cchc" / "portal"
SVG = PORTAL / "static" / "portal" / "icon.svg"
ICO = PORTAL / "root" / "favicon.ico"
TOUCH = PORTAL / "root" / "apple-touch-icon.png"

RED = "#a3160f"  # .site-header's background (site.css)
YELLOW = "#f1b300"  # the reform link and focus ring
VIEW = 64  # the drawing's coordinate system
CORNER = 12
CENTRE = (32.0, 34.0)  # a touch low: a star's visual centre sits below its geometric one
OUTER = 23.0
INNER = OUTER * 0.382  # a regular five-pointed star


def star_points() -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = OUTER if i % 2 == 0 else INNER
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((CENTRE[0] + radius * math.cos(angle), CENTRE[1] + radius * math.sin(angle)))
    return points


def svg() -> str:
    points = " ".join(f"{x:.2f},{y:.2f}" for x, y in star_points())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW} {VIEW}">'
        f'<rect width="{VIEW}" height="{VIEW}" rx="{CORNER}" fill="{RED}"/>'
        f'<polygon points="{points}" fill="{YELLOW}"/></svg>\n'
    )


def raster(size: int, *, corner: bool = True) -> Image.Image:
    """The drawing at `size` px, drawn 8× larger and reduced: Pillow draws without smoothing."""
    big = size * 8
    scale = big / VIEW
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = CORNER * scale if corner else 0
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=RED)
    draw.polygon([(x * scale, y * scale) for x, y in star_points()], fill=YELLOW)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    SVG.write_text(svg())
    ICO.parent.mkdir(parents=True, exist_ok=True)
    # Each size drawn on its own, not scaled down from the largest.
    sizes = [(16, 16), (32, 32), (48, 48)]
    frames = [raster(w) for w, _ in sizes]
    frames[-1].save(ICO, format="ICO", sizes=sizes, append_images=frames[:-1])
    # iOS rounds the corners itself and shows transparency as black: a full square.
    raster(180, corner=False).convert("RGB").save(TOUCH, format="PNG", optimize=True)
    for path in (SVG, ICO, TOUCH):
        print(f"{path.relative_to(PORTAL.parent.parent)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
