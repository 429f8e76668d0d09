"""
Pictures drawn with Pillow, for the demo content and for the clinic's map when staff uploaded
none. Deterministic: the same slug or name draws the same picture on every machine, and two
slugs draw two different pictures. None shows a person: treatments are drawn as their
instruments and hair patterns, results as density diagrams of a scalp seen from above,
doctors as initials.

Each function returns a ``ContentFile`` of a PNG or JPEG, ready for ``field.save(name, file)``.
"""

import colorsys
import hashlib
import math
import random
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDE = (1200, 800)
HERO = (1600, 900)
SQUARE = (800, 800)


# --- Helpers -------------------------------------------------------------------------------


def _rng(*parts) -> random.Random:
    """A random generator seeded by the text, the same on every machine (unlike hash())."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _hue(*parts) -> float:
    return _rng("hue", *parts).random()


def _rgb(hue, lightness, saturation):
    return tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue % 1, lightness, saturation))


def _gradient(size, top, bottom) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / max(1, height - 1)
        colour = tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def _font(size):
    return ImageFont.load_default(size=size)


def _jpeg(image) -> ContentFile:
    buffer = BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())


def _png(image) -> ContentFile:
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue())


def _soft_circles(image, rng, count, alpha=(14, 40)):
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = image.size
    for _ in range(count):
        radius = rng.randint(60, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius],
            fill=(255, 255, 255, rng.randint(*alpha)),
        )
    overlay = overlay.filter(ImageFilter.GaussianBlur(8))
    return Image.alpha_composite(image.convert("RGBA"), overlay)


def _hair(draw, x, y, length, angle, colour, width=3):
    draw.line(
        [(x, y), (x + length * math.cos(angle), y - length * math.sin(angle))],
        fill=colour,
        width=width,
    )


# --- Treatments ----------------------------------------------------------------------------

# Motifs by what the slug names; anything else gets a pattern of its own from its slug.
TREATMENT_MOTIFS = (
    ("dhi", "_draw_pen"),
    ("fue", "_draw_follicles"),
    ("beard", "_draw_beard"),
    ("brow", "_draw_brows"),
    ("prp", "_draw_droplets"),
)


def treatment_motif(slug: str) -> str:
    for keyword, motif in TREATMENT_MOTIFS:
        if keyword in slug:
            return motif
    return "_draw_pattern"


def treatment_illustration(slug: str) -> ContentFile:
    """A wide picture for a treatment: its instrument or hair pattern, in colours of its own."""
    rng = _rng("treatment", slug)
    hue = _hue("treatment", slug)
    image = _gradient(WIDE, _rgb(hue, 0.28, 0.40), _rgb(hue + 0.06, 0.55, 0.35))
    image = _soft_circles(image, rng, 8)
    draw = ImageDraw.Draw(image)
    globals()[treatment_motif(slug)](draw, rng, hue, WIDE)
    return _jpeg(image)


def _draw_follicles(draw, rng, hue, size):
    """Follicular units of one to four hairs, in rows, as FUE harvests them."""
    width, height = size
    skin = _rgb(0.07, 0.78, 0.45)
    draw.rounded_rectangle([120, 260, width - 120, height - 140], radius=60, fill=skin)
    hair = _rgb(hue + 0.5, 0.18, 0.30)
    for row in range(5):
        for column in range(9):
            x = 200 + column * 100 + rng.randint(-12, 12) + (row % 2) * 50
            y = 340 + row * 70 + rng.randint(-8, 8)
            if x > width - 160:
                continue
            for hair_index in range(rng.randint(1, 4)):
                _hair(draw, x + hair_index * 6, y, 36, math.radians(70 + hair_index * 8), hair)
            draw.ellipse([x - 7, y - 7, x + 11, y + 7], fill=_rgb(0.03, 0.55, 0.45))
    # The punch: a ring around one unit.
    draw.ellipse([480, 390, 560, 470], outline=(255, 255, 255), width=6)


def _draw_pen(draw, rng, hue, size):
    """The implanter pen DHI is named after, placing grafts one by one."""
    width, height = size
    skin = _rgb(0.07, 0.78, 0.45)
    draw.rounded_rectangle([100, height - 260, width - 100, height - 100], radius=50, fill=skin)
    hair = _rgb(hue + 0.5, 0.18, 0.30)
    for index in range(14):
        x = 180 + index * 45 + rng.randint(-6, 6)
        _hair(draw, x, height - 190, 50, math.radians(65), hair)
    body = [(760, 120), (860, 160), (640, 560), (560, 520)]
    draw.polygon(body, fill=(245, 245, 250), outline=(60, 70, 90))
    draw.polygon([(640, 560), (560, 520), (585, 585)], fill=(150, 160, 175))
    draw.line([(590, 580), (575, height - 200)], fill=(90, 100, 120), width=5)
    draw.rectangle([690, 250, 740, 270], fill=_rgb(hue, 0.45, 0.6))


def _draw_beard(draw, rng, hue, size):
    """The jaw line and a beard drawn in as stubble, denser along the line."""
    width, height = size
    centre_x = width // 2
    skin = _rgb(0.07, 0.76, 0.40)
    draw.ellipse([centre_x - 300, 60, centre_x + 300, height - 60], fill=skin)
    hair = _rgb(hue + 0.5, 0.2, 0.3)
    for _ in range(900):
        angle = rng.uniform(math.radians(200), math.radians(340))
        radius = rng.uniform(0.72, 0.98)
        x = centre_x + 300 * radius * math.cos(angle)
        y = height / 2 - (height / 2 - 60) * radius * math.sin(angle)
        _hair(draw, x, y, 10, rng.uniform(1.2, 1.9), hair, width=2)
    draw.arc(
        [centre_x - 120, height - 330, centre_x + 120, height - 230], 20, 160, fill=hair, width=8
    )


def _draw_brows(draw, rng, hue, size):
    """Two brow arches of short hairs, each at the angle brows grow."""
    width, height = size
    hair = _rgb(hue + 0.5, 0.18, 0.35)
    for side in (-1, 1):
        centre_x = width // 2 + side * 250
        for index in range(60):
            t = index / 59
            x = centre_x + side * (t - 0.5) * 360
            y = height / 2 - 120 * math.sin(math.pi * (0.2 + 0.7 * t))
            angle = math.radians(90 - side * (20 + 50 * t))
            _hair(draw, x, y, 34 - 14 * t, angle + rng.uniform(-0.1, 0.1), hair, width=4)
        draw.ellipse(
            [centre_x - 120, height / 2 + 40, centre_x + 120, height / 2 + 120],
            outline=(255, 255, 255),
            width=5,
        )


def _draw_droplets(draw, rng, hue, size):
    """Drops of plasma and the tube it is spun from."""
    width, height = size
    gold = (236, 190, 90)
    red = (170, 40, 50)
    draw.rounded_rectangle([820, 140, 920, 640], radius=40, outline=(255, 255, 255), width=8)
    draw.rectangle([828, 380, 912, 630], fill=red)
    draw.rectangle([828, 200, 912, 380], fill=gold)
    for _ in range(7):
        x, y = rng.randint(160, 680), rng.randint(180, 620)
        radius = rng.randint(30, 70)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=gold)
        draw.polygon([(x - radius * 0.7, y - radius * 0.7), (x + radius * 0.7, y - radius * 0.7),
                      (x, y - radius * 2.1)], fill=gold)  # fmt: skip


def _draw_pattern(draw, rng, hue, size):
    """For any other treatment: rings and dots placed by its slug."""
    width, height = size
    for _ in range(6):
        x, y = rng.randint(150, width - 150), rng.randint(150, height - 150)
        for ring in range(rng.randint(2, 5)):
            radius = 30 + ring * 28
            draw.ellipse(
                [x - radius, y - radius, x + radius, y + radius],
                outline=_rgb(hue + 0.5, 0.85, 0.5),
                width=5,
            )


# --- Doctors, articles, home ---------------------------------------------------------------


def portrait_illustration(name: str, initials: str, colour: str) -> ContentFile:
    """A square portrait placeholder: the doctor's initials on their colour, no face."""
    image = Image.new("RGB", SQUARE, colour)
    image = _soft_circles(image, _rng("portrait", name), 5, alpha=(10, 26)).convert("RGB")
    draw = ImageDraw.Draw(image)
    font = _font(300)
    draw.text((SQUARE[0] / 2, SQUARE[1] / 2), initials, font=font, fill="white", anchor="mm")
    return _jpeg(image)


def article_illustration(slug: str, category: str = "") -> ContentFile:
    """An article's picture: colours from its category, waves and shapes from its slug."""
    rng = _rng("article", slug)
    hue = _hue("category", category or slug)
    image = _gradient((1200, 630), _rgb(hue, 0.30, 0.42), _rgb(hue + 0.08, 0.62, 0.35))
    image = _soft_circles(image, rng, 6).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    for wave in range(rng.randint(3, 5)):
        amplitude = rng.randint(20, 60)
        period = rng.randint(180, 420)
        base = 200 + wave * 90
        phase = rng.random() * math.tau
        points = [
            (x, base + amplitude * math.sin(phase + math.tau * x / period))
            for x in range(0, 1201, 20)
        ]
        draw.line(points, fill=(255, 255, 255, 120), width=6)
    for _ in range(rng.randint(3, 6)):
        x, y, radius = rng.randint(80, 1120), rng.randint(80, 550), rng.randint(12, 40)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(255, 255, 255, 170))
    return _jpeg(image)


def home_hero() -> ContentFile:
    """The home page's picture: calm colours and a line of hairs growing."""
    rng = _rng("home")
    image = _gradient(HERO, (22, 70, 84), (120, 170, 170))
    image = _soft_circles(image, rng, 12).convert("RGB")
    draw = ImageDraw.Draw(image)
    width, height = HERO
    for index in range(70):
        x = 120 + index * 20
        length = 40 + 160 * math.sin(math.pi * index / 69)
        _hair(
            draw, x, height - 120, length, math.radians(80 + rng.uniform(-6, 6)), (240, 236, 228), 4
        )
    draw.line([(80, height - 118), (width - 80, height - 118)], fill=(240, 236, 228), width=6)
    return _jpeg(image)


# --- Results -------------------------------------------------------------------------------


def result_diagram(seed: str, stage: str) -> ContentFile:
    """
    A scalp seen from above, hairs drawn as dots: sparse in the thinning area ``before``,
    filled in ``after``. A diagram, not a photo: the same seed places the same hairs in both.
    """
    assert stage in ("before", "after")
    rng = _rng("result", seed)
    image = Image.new("RGB", SQUARE, (244, 241, 236))
    draw = ImageDraw.Draw(image)
    cx, cy, rx, ry = 400, 420, 270, 330
    draw.ellipse(
        [cx - rx, cy - ry, cx + rx, cy + ry], fill=(232, 196, 170), outline=(150, 110, 90), width=4
    )
    draw.polygon(
        [(cx - 30, cy - ry - 10), (cx + 30, cy - ry - 10), (cx, cy - ry - 55)], fill=(232, 196, 170)
    )
    thinning_x, thinning_y = cx + rng.randint(-40, 40), cy + rng.randint(-160, 40)
    thinning_radius = rng.randint(120, 180)
    for _ in range(2600):
        x, y = rng.uniform(-1, 1), rng.uniform(-1, 1)
        keep = rng.random()
        if x * x + y * y > 1:
            continue
        px, py = cx + x * (rx - 12), cy + y * (ry - 12)
        distance = math.hypot(px - thinning_x, py - thinning_y) / thinning_radius
        if stage == "before" and distance < 1 and keep > distance**2 * 0.8:
            continue
        draw.ellipse([px - 3, py - 3, px + 3, py + 3], fill=(70, 50, 40))
    # No words in the picture: the page labels it, in the page's language.
    return _png(image)


# --- The clinic's map ----------------------------------------------------------------------


def draw_map(latitude, longitude, name: str) -> ContentFile:
    """
    A schematic map around the clinic: a grid of streets, an avenue, water on one side, the
    clinic's pin in the middle, a north arrow, the coordinates and the words "schematic map".
    The streets are placed by the coordinates, not read from any map data.
    """
    latitude, longitude = float(latitude), float(longitude)
    rng = _rng("map", f"{latitude:.5f}", f"{longitude:.5f}")
    width, height = WIDE
    image = Image.new("RGB", WIDE, (238, 236, 228))
    draw = ImageDraw.Draw(image)
    # Streets: a slightly turned grid, then one wide avenue through the middle.
    angle = math.radians(rng.uniform(-12, 12))
    street = (255, 255, 255)
    spacing = rng.randint(110, 150)
    for direction in (angle, angle + math.pi / 2):
        normal_x, normal_y = -math.sin(direction), math.cos(direction)
        for step in range(-8, 9):
            offset = step * spacing + spacing / 2
            x, y = width / 2 + offset * normal_x, height / 2 + offset * normal_y
            _line_through(draw, x, y, direction, street, 12)
    _line_through(draw, width / 2, height / 2 + 40, angle + math.radians(30), (250, 214, 140), 22)
    # Water along one edge.
    shore = [(width, 0), (width - rng.randint(140, 260), 0)]
    for y in range(0, height + 1, 80):
        shore.append((width - rng.randint(160, 280), y))
    shore += [(width, height)]
    draw.polygon(shore, fill=(170, 205, 226))
    # A park.
    park_x, park_y = rng.randint(80, 380), rng.randint(80, 500)
    draw.rounded_rectangle(
        [park_x, park_y, park_x + 180, park_y + 130], radius=20, fill=(196, 222, 180)
    )
    # The clinic's pin.
    pin_x, pin_y = width / 2, height / 2
    draw.ellipse([pin_x - 34, pin_y - 104, pin_x + 34, pin_y - 36], fill=(190, 30, 45))
    draw.polygon(
        [(pin_x - 28, pin_y - 60), (pin_x + 28, pin_y - 60), (pin_x, pin_y)], fill=(190, 30, 45)
    )
    draw.ellipse([pin_x - 13, pin_y - 83, pin_x + 13, pin_y - 57], fill="white")
    # The clinic's name by the pin, on a white label.
    font = _font(30)
    left, top, right, bottom = draw.textbbox((pin_x + 46, pin_y - 84), name, font=font)
    draw.rounded_rectangle(
        [left - 12, top - 10, right + 12, bottom + 10], radius=8, fill="white", outline=(60, 60, 60)
    )
    draw.text((pin_x + 46, pin_y - 84), name, font=font, fill=(20, 20, 20))
    # North arrow.
    nx, ny = 80, 90
    draw.polygon(
        [(nx, ny - 50), (nx - 22, ny + 20), (nx, ny + 6), (nx + 22, ny + 20)], fill=(40, 40, 40)
    )
    draw.text((nx, ny + 50), "N", font=_font(32), fill=(40, 40, 40), anchor="mm")
    # Caption: the coordinates, and that this is a drawing, not a survey.
    north_south = "N" if latitude >= 0 else "S"
    east_west = "E" if longitude >= 0 else "W"
    caption = (
        f"{abs(latitude):.5f}° {north_south}, {abs(longitude):.5f}° {east_west}"
        " · schematic map, not to scale"
    )
    draw.rectangle([0, height - 56, width, height], fill=(255, 255, 255))
    draw.text((24, height - 28), caption, font=_font(26), fill=(30, 30, 30), anchor="lm")
    return _png(image)


def _line_through(draw, x, y, angle, colour, width):
    length = 2000
    dx, dy = length * math.cos(angle), length * math.sin(angle)
    draw.line([(x - dx, y - dy), (x + dx, y + dy)], fill=colour, width=width)
