"""The `look` vocabulary (SCENARIO_FORMAT.md, "Faces: look and mood") and `AvatarSpec`: every choice made.

What a `look` leaves out is picked from the character's id with a stable hash (sha256, not hash()).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Mood = Literal["warm", "neutral", "cool", "amused", "concerned", "surprised"]
MOODS: tuple[Mood, ...] = ("warm", "neutral", "cool", "amused", "concerned", "surprised")
Color = tuple[int, int, int]

# -- the `look` vocabulary (SCENARIO_FORMAT.md, "Faces: look and mood")
AGES = ("young", "adult", "older")
SKINS: tuple[Color, ...] = (  # 1 (lightest) to 6 (darkest)
    (252, 226, 206), (238, 198, 164), (216, 166, 124), (182, 128, 88), (136, 90, 60), (94, 60, 40),
)
HAIR_STYLES = ("short", "long", "curly", "coily", "bun", "ponytail", "braids", "locs", "buzz", "bald")
HAIR_COLORS: dict[str, Color] = {
    "black": (36, 32, 38), "brown": (96, 62, 40), "auburn": (134, 58, 38), "red": (184, 84, 44),
    "blonde": (220, 180, 110), "gray": (160, 160, 166), "white": (230, 228, 224),
}
FACIAL_HAIR = ("none", "stubble", "mustache", "beard")
HEADWEAR = ("none", "hijab", "turban", "kippah", "cap", "headscarf")
OUTFITS = ("suit", "blazer", "shirt", "sweater", "cardigan", "hoodie", "dress")
COLORS: dict[str, Color] = {
    "navy": (38, 56, 104), "teal": (24, 122, 126), "maroon": (122, 38, 56), "green": (56, 114, 72),
    "gray": (112, 118, 128), "black": (44, 44, 50), "mustard": (210, 160, 48), "plum": (106, 58, 114),
    "coral": (232, 116, 94), "white": (240, 240, 236),
}
LOOK_KEYS = ("age", "skin", "hair", "hair_color", "facial_hair", "glasses", "headwear", "outfit", "color")
# What a scenario may ask for, key by key (the contact sheet draws one row per key).
LOOK_VALUES: dict[str, tuple[object, ...]] = {
    "age": AGES, "skin": (1, 2, 3, 4, 5, 6), "hair": HAIR_STYLES, "hair_color": tuple(HAIR_COLORS),
    "facial_hair": FACIAL_HAIR, "glasses": (False, True), "headwear": HEADWEAR, "outfit": OUTFITS,
    "color": tuple(COLORS),
}
FACE_SHAPES = ("oval", "round", "square", "heart", "long")
# Shirts under a jacket or cardigan, ties, and scarves: chosen from the id.
SHIRTS: tuple[Color, ...] = ((250, 250, 252), (212, 228, 246), (246, 226, 228), (238, 234, 218))
ACCENTS: tuple[Color, ...] = (
    (176, 52, 62), (40, 96, 156), (214, 150, 52), (60, 130, 96), (120, 70, 140), (28, 128, 138), (200, 96, 120),
)
EYES: tuple[Color, ...] = ((58, 38, 28), (84, 54, 34), (40, 30, 26), (70, 90, 60), (64, 96, 128))
# Preset roles (recruiter_2) that dress their part when `look` names no outfit.
ROLE_OUTFIT = {
    "recruiter": "blazer", "manager": "blazer", "director": "suit", "speaker": "blazer", "host": "cardigan",
    "student": "hoodie", "peer": "sweater", "designer": "sweater", "engineer": "shirt", "analyst": "shirt",
    "professor": "cardigan", "founder": "shirt", "alumni": "sweater", "mentor": "cardigan",
}

SS = 3  # supersampling factor
SS_LARGE, LARGE = 2, 240  # above LARGE px tall, 2x is as smooth to the eye, at less than half the memory and time
W, H = 200, 240  # design canvas in units
CX, CY = 100.0, 96.0  # centre of the head


@dataclass(frozen=True)
class AvatarSpec:
    """Everything that makes one character look like themselves, every choice made (hashable: a cache key)."""

    age: str
    skin: Color
    hair_style: str
    hair: Color
    facial_hair: str
    glasses: bool
    headwear: str
    outfit: str
    clothes: Color
    shirt: Color
    accent: Color
    eyes: Color
    face_shape: str
    face_w: float  # half-width of the head in units
    face_h: float  # half-height of the head in units
    brow: float  # brow thickness in units

    @classmethod
    def for_id(cls, character_id: str, look: Any = None, role: str | None = None) -> AvatarSpec:
        """Same id and look, same person. `look` is a `Look` (or anything with its fields, or a dict).

        Every random pick is made whatever `look` says, in the same order, so naming one feature never
        changes another (naming `hair: bun` keeps the skin the id gave).
        """
        seed = int.from_bytes(hashlib.sha256(character_id.encode("utf-8")).digest()[:8], "big")
        rng = random.Random(seed)
        get = _getter(look)
        skin_pick = rng.randint(1, 6)
        picks = {
            "hair": rng.choice(HAIR_STYLES[:-1] + ("short", "long")),
            "hair_color": rng.choice(("black",) * 4 + ("brown",) * 4 + ("blonde", "blonde", "auburn", "red")),
            "outfit": rng.choice(OUTFITS), "color": rng.choice(tuple(COLORS)),
        }
        shirt, accent, eyes = rng.choice(SHIRTS), rng.choice(ACCENTS), rng.choice(EYES)
        shape = rng.choice(FACE_SHAPES)
        fw, fh, brow = rng.uniform(42.0, 45.0), rng.uniform(52.0, 55.0), rng.uniform(3.0, 4.2)
        age = _pick(get("age"), AGES, "adult")
        skin_n = get("skin")
        tone = skin_n if isinstance(skin_n, int) and 1 <= skin_n <= 6 else skin_pick
        skin = SKINS[tone - 1]
        if tone > 3:
            eyes = EYES[sum(eyes) % 3]  # green and blue eyes are rare with darker skin
        hair_style = _pick(get("hair"), HAIR_STYLES, str(picks["hair"]))
        hair_name = _pick(get("hair_color"), tuple(HAIR_COLORS), "gray" if age == "older" else str(picks["hair_color"]))
        outfit = _pick(get("outfit"), OUTFITS, ROLE_OUTFIT.get(role or "", str(picks["outfit"])))
        color = COLORS[_pick(get("color"), tuple(COLORS), str(picks["color"]))]
        if color == COLORS["white"] and shirt == SHIRTS[0]:
            shirt = SHIRTS[1]  # a white shirt under a white jacket would vanish
        if shape == "long":
            fh += 2.0
        elif shape == "round":
            fw += 1.5
            fh -= 1.5
        if age == "young":
            fh -= 1.0
        return cls(
            age=age, skin=skin, hair_style=hair_style, hair=HAIR_COLORS[hair_name],
            facial_hair=_pick(get("facial_hair"), FACIAL_HAIR, "none"), glasses=get("glasses") is True,
            headwear=_pick(get("headwear"), HEADWEAR, "none"), outfit=outfit, clothes=color, shirt=shirt,
            accent=accent if accent != color else ACCENTS[0], eyes=eyes, face_shape=shape, face_w=fw, face_h=fh,
            brow=brow,
        )


def _getter(look: Any) -> Callable[[str], Any]:
    if look is None:
        return lambda key: None
    if isinstance(look, dict):
        return look.get
    return lambda key: getattr(look, key, None)


def _pick(value: object, allowed: tuple[str, ...], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def look_key(look: Any) -> tuple[object, ...] | None:
    """A hashable stand-in for a `look` (cache keys): its values in LOOK_KEYS order, or None."""
    if look is None:
        return None
    get = _getter(look)
    values = tuple(get(k) for k in LOOK_KEYS)
    return None if all(v is None for v in values) else values
