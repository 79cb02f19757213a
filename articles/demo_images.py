"""Original demo pictures, drawn with Pillow: no photographs are downloaded or copied.

Each picture is a small generated scene (a sky, a sun or moon, hills, a row of
buildings with lit windows, sometimes a field of sunflowers or a railway line),
reproducible from its seed.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900

PALETTES = {
    "dawn": [(250, 204, 160), (246, 150, 121), (93, 80, 120)],
    "day": [(170, 210, 240), (220, 236, 245), (90, 120, 80)],
    "dusk": [(40, 50, 100), (220, 120, 90), (30, 30, 50)],
    "night": [(10, 14, 40), (40, 50, 90), (15, 15, 25)],
    "winter": [(200, 210, 225), (240, 242, 246), (120, 130, 150)],
}


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def scene(*, seed: int, mood: str, motif: str) -> bytes:
    """A 1600x900 JPEG of a generated landscape. `motif`: city, field, railway or river."""
    rng = random.Random(seed)
    top, horizon, ground = PALETTES[mood]
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, horizon, min(1.0, y / (HEIGHT * 0.65))))

    # Sun or moon.
    cx, cy, r = rng.randint(200, 1400), rng.randint(120, 380), rng.randint(50, 90)
    glow = (255, 240, 200) if mood != "night" else (235, 235, 220)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=glow)

    if mood == "night":
        for _ in range(160):
            x, y = rng.randint(0, WIDTH), rng.randint(0, int(HEIGHT * 0.5))
            draw.point((x, y), fill=(230, 230, 255))

    # Two layers of hills.
    for layer, shade in ((0, 0.35), (1, 0.7)):
        base = int(HEIGHT * (0.55 + 0.1 * layer))
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, base + rng.randint(-40, 40)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=_mix(horizon, ground, shade))

    if motif in ("city", "railway"):
        x = 0
        skyline = int(HEIGHT * 0.62)
        while x < WIDTH:
            w = rng.randint(60, 160)
            h = rng.randint(80, 300)
            colour = _mix(ground, (0, 0, 0), 0.3)
            draw.rectangle([x, skyline - h, x + w, HEIGHT], fill=colour)
            for wy in range(skyline - h + 12, HEIGHT - 20, 26):
                for wx in range(x + 10, x + w - 14, 22):
                    if rng.random() < (0.45 if mood in ("night", "dusk") else 0.15):
                        draw.rectangle([wx, wy, wx + 10, wy + 14], fill=(255, 214, 120))
            x += w + rng.randint(0, 12)

    if motif == "field":
        for _ in range(420):
            x = rng.randint(0, WIDTH)
            y = rng.randint(int(HEIGHT * 0.68), HEIGHT)
            size = 4 + (y - HEIGHT * 0.68) / 18
            draw.line([(x, y), (x, y + size * 2)], fill=(60, 110, 40), width=2)
            draw.ellipse([x - size, y - size, x + size, y + size], fill=(245, 190, 30))
            draw.ellipse(
                [x - size / 3, y - size / 3, x + size / 3, y + size / 3], fill=(90, 60, 20)
            )

    if motif == "railway":
        rail_y = int(HEIGHT * 0.82)
        draw.rectangle([0, rail_y, WIDTH, rail_y + 70], fill=(70, 65, 60))
        for x in range(0, WIDTH, 40):
            draw.rectangle([x, rail_y + 10, x + 18, rail_y + 62], fill=(110, 90, 70))
        draw.line([(0, rail_y + 20), (WIDTH, rail_y + 20)], fill=(190, 190, 195), width=5)
        draw.line([(0, rail_y + 52), (WIDTH, rail_y + 52)], fill=(190, 190, 195), width=5)
        car_x = rng.randint(100, 500)
        for car in range(4):
            left = car_x + car * 250
            draw.rounded_rectangle(
                [left, rail_y - 110, left + 235, rail_y + 8], radius=14, fill=(30, 70, 140)
            )
            for wx in range(left + 15, left + 220, 45):
                draw.rectangle([wx, rail_y - 90, wx + 30, rail_y - 60], fill=(255, 230, 160))

    if motif == "river":
        river = [(0, int(HEIGHT * 0.8)), (WIDTH, int(HEIGHT * 0.74)), (WIDTH, HEIGHT), (0, HEIGHT)]
        draw.polygon(river, fill=_mix(top, (20, 40, 80), 0.5))
        for _ in range(60):
            x, y = rng.randint(0, WIDTH), rng.randint(int(HEIGHT * 0.78), HEIGHT)
            draw.line([(x, y), (x + rng.randint(20, 80), y)], fill=_mix(horizon, top, 0.3))

    if mood == "winter":
        for _ in range(500):
            x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
            draw.ellipse([x, y, x + 4, y + 4], fill=(255, 255, 255))

    image = image.filter(ImageFilter.GaussianBlur(0.6))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85)
    return output.getvalue()


def portrait(*, seed: int, colour: tuple) -> bytes:
    """A 400x400 PNG: an abstract head-and-shoulders silhouette on a coloured ground."""
    rng = random.Random(seed)
    image = Image.new("RGB", (400, 400), colour)
    draw = ImageDraw.Draw(image)
    tone = _mix(colour, (255, 255, 255), 0.55 + rng.random() * 0.2)
    draw.ellipse([130, 70, 270, 220], fill=tone)
    draw.ellipse([60, 230, 340, 520], fill=tone)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
