"""Placeholder photographs: a coloured card with a plain head-and-shoulders outline. No face, no real person."""

import io
import random

from PIL import Image, ImageDraw

SIZE = (300, 360)


def placeholder_photo(seed: int) -> bytes:
    """A PNG that differs by seed (background and outline colours), so stored photos do not all share one hash."""
    rng = random.Random(seed)
    background = tuple(rng.randint(170, 235) for _ in range(3))
    outline = tuple(max(0, c - rng.randint(60, 110)) for c in background)
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.ellipse((width * 0.32, height * 0.16, width * 0.68, height * 0.50), fill=outline)
    draw.rounded_rectangle(
        (width * 0.18, height * 0.54, width * 0.82, height * 1.05), radius=50, fill=outline
    )
    draw.text((10, 10), "DEMO - NOT A REAL CHILD", fill=(40, 40, 40))
    draw.text((10, height - 20), f"sample {seed % 100000:05d}", fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
