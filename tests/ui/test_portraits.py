"""The drawn portraits: every `look` key and value, the six moods, and where the moods come from."""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from game.engine.session import Session
from game.scenario.pack import load_scenario_text
from game.ui.art import MOODS, ArtLibrary, face_mood, scenario_moods
from game.ui.art.avatar import CX, CY, LOOK_KEYS, LOOK_VALUES, SKINS, AvatarSpec, H, W, draw_avatar, portrait_surface

HEIGHT = 120
PEOPLE = [f"person_{i}" for i in range(16)]


def pixels(cid: str, look: Any, mood: str = "neutral", height: int = HEIGHT) -> bytes:
    return pygame.image.tobytes(portrait_surface(cid, look, mood, height), "RGBA")


def resolved(spec: AvatarSpec, key: str) -> object:
    """The value of `key` a spec ended up with, in the look's own terms."""
    if key == "skin":
        return SKINS.index(spec.skin) + 1
    field = {"hair": "hair_style", "hair_color": "hair", "color": "clothes"}.get(key, key)
    return getattr(spec, field)


def test_the_vocabulary_is_the_formats() -> None:
    from game.scenario.spec import Look

    for key in LOOK_KEYS:
        annotation = str(Look.model_fields[key].annotation)
        for value in LOOK_VALUES[key]:
            if isinstance(value, str):
                assert f"'{value}'" in annotation, f"{key}: {value} is not in the format"
    assert set(LOOK_KEYS) == set(Look.model_fields)
    assert MOODS == ("warm", "neutral", "cool", "amused", "concerned", "surprised")


@pytest.mark.parametrize("key", LOOK_KEYS)
def test_every_look_value_draws_and_shows(key: str) -> None:
    """Each value draws; it changes the picture exactly when it changes what the id would have drawn."""
    cid = "pat"
    default = AvatarSpec.for_id(cid)
    base = pixels(cid, None)
    changed = 0
    for value in LOOK_VALUES[key]:
        spec = AvatarSpec.for_id(cid, {key: value})
        if key == "hair_color":
            from game.ui.art.avatar import HAIR_COLORS
            assert spec.hair == HAIR_COLORS[str(value)]
        elif key == "color":
            from game.ui.art.avatar import COLORS
            assert spec.clothes == COLORS[str(value)]
        else:
            assert resolved(spec, key) == value, f"{key}: {value} was not drawn as asked"
        img = pixels(cid, {key: value})
        if spec == default:
            assert img == base, f"{key}: {value} is the default here, yet the picture changed"
        else:
            changed += 1
            assert img != base, f"{key}: {value} draws the same as the default"
    assert changed >= len(LOOK_VALUES[key]) - 1


@pytest.mark.parametrize("key,value", [("hair", h) for h in LOOK_VALUES["hair"]] +
                         [("headwear", h) for h in LOOK_VALUES["headwear"]] +
                         [("outfit", o) for o in LOOK_VALUES["outfit"]])
def test_every_value_differs_from_every_other_of_its_key(key: str, value: str) -> None:
    look = {"hair": "short", "headwear": "none", "outfit": "sweater", "hair_color": "brown"}
    mine = pixels("sam", {**look, key: value})
    others = {v: pixels("sam", {**look, key: v}) for v in LOOK_VALUES[key] if v != value}
    assert all(img != mine for img in others.values())


def test_no_facial_hair_headwear_or_glasses_unless_asked() -> None:
    """Nothing picked from the id adds them: the picture equals the one that says none/false outright."""
    looks: list[dict[str, object] | None] = [None, {"age": "older"}, {"hair": "bald"}, {"outfit": "suit"},
                                            {"hair": "long", "skin": 6}, {"age": "young", "hair": "coily"}]
    for cid in PEOPLE:
        for look in looks:
            spec = AvatarSpec.for_id(cid, look)
            assert (spec.facial_hair, spec.headwear, spec.glasses) == ("none", "none", False)
            explicit = {**(look or {}), "facial_hair": "none", "headwear": "none", "glasses": False}
            assert pixels(cid, look) == pixels(cid, explicit)


def test_asked_for_they_show() -> None:
    for key, value in (("facial_hair", "beard"), ("facial_hair", "stubble"), ("facial_hair", "mustache"),
                       ("glasses", True), ("headwear", "hijab"), ("headwear", "kippah"), ("headwear", "cap")):
        off = {"facial_hair": "none", "glasses": False, "headwear": "none"}[key]
        assert pixels("lee", {key: value}) != pixels("lee", {key: off}), f"{key}: {value}"


def test_the_same_id_is_the_same_person_and_ids_differ() -> None:
    assert AvatarSpec.for_id("maya") == AvatarSpec.for_id("maya")
    assert pixels("maya", None) == pixels("maya", None)
    assert pixels("maya", {"hair": "bun"}) == pixels("maya", {"hair": "bun"})
    specs = [AvatarSpec.for_id(cid) for cid in PEOPLE]
    for field in ("skin", "hair_style", "hair", "outfit", "clothes", "face_shape"):
        assert len({getattr(s, field) for s in specs}) > 2, field
    assert len({pixels(cid, None) for cid in PEOPLE}) == len(PEOPLE)


def test_naming_one_feature_keeps_the_others_the_id_gave() -> None:
    for cid in PEOPLE[:6]:
        plain, bun = AvatarSpec.for_id(cid), AvatarSpec.for_id(cid, {"hair": "bun"})
        assert (plain.skin, plain.outfit, plain.clothes, plain.face_shape) == \
            (bun.skin, bun.outfit, bun.clothes, bun.face_shape)


def test_older_defaults_to_gray_hair_unless_a_color_is_named() -> None:
    from game.ui.art.avatar import HAIR_COLORS

    assert AvatarSpec.for_id("ann", {"age": "older"}).hair == HAIR_COLORS["gray"]
    assert AvatarSpec.for_id("ann", {"age": "older", "hair_color": "white"}).hair == HAIR_COLORS["white"]
    assert AvatarSpec.for_id("ann", {"age": "older", "hair_color": "black"}).hair == HAIR_COLORS["black"]
    # and age shows even with the hair color held: the lines
    look = {"hair_color": "brown"}
    assert pixels("ann", {**look, "age": "older"}) != pixels("ann", {**look, "age": "adult"})


@pytest.mark.parametrize("look", [None, {"facial_hair": "beard"}, {"headwear": "hijab"}, {"age": "older"},
                                  {"glasses": True, "hair": "coily", "skin": 6}])
def test_each_mood_is_its_own_face(look: Any) -> None:
    faces = {m: pixels("kim", look, m) for m in MOODS}
    assert len(set(faces.values())) == len(MOODS)


def _rows_changed(a: pygame.Surface, b: pygame.Surface, x0: int, x1: int) -> list[int]:
    return [y for y in range(a.get_height()) if any(a.get_at((x, y)) != b.get_at((x, y)) for x in range(x0, x1))]


def test_the_beard_sits_below_the_eyes_and_under_no_blush() -> None:
    h = 240  # one design unit per pixel
    for cid in PEOPLE[:6]:
        look = {"hair": "short", "headwear": "none"}
        spec = AvatarSpec.for_id(cid, {**look, "facial_hair": "beard"})
        bare = draw_avatar(AvatarSpec.for_id(cid, look), "neutral", h)
        beard = draw_avatar(spec, "neutral", h)
        # Across the middle of the face (between the outer corners of the eyes), the beard starts
        # below the nose's bridge: the eyes, and the cheekbones under them, stay clear.
        half = round(spec.face_w * 0.55)
        rows = _rows_changed(bare, beard, round(CX) - half, round(CX) + half)
        assert rows and min(rows) > CY + spec.face_h * 0.3, f"{cid}: beard reaches up to y={min(rows)}"
        # No blush is painted with a beard: where it would sit, a warm face is the neutral one.
        warm = draw_avatar(spec, "warm", h)
        for side in (-1, 1):
            at = (round(CX + side * spec.face_w * 0.55), round(CY + spec.face_h * 0.28))
            assert warm.get_at(at) == beard.get_at(at)
    assert (W, H) == (200, 240)


def test_the_library_draws_the_look_and_keys_its_cache_by_it() -> None:
    art = ArtLibrary()
    plain = art.portrait("maya", None, "warm", 100)
    bearded = art.portrait("maya", None, "warm", 100, look={"facial_hair": "beard"})
    assert pygame.image.tobytes(plain, "RGBA") != pygame.image.tobytes(bearded, "RGBA")
    assert art.portrait("maya", None, "warm", 100, look={"facial_hair": "beard"}) is bearded
    n = art.draw_count
    assert art.portrait("maya", None, "warm", 100) is plain
    assert art.draw_count == n
    # a preset key dresses for its role unless the look names an outfit
    assert ArtLibrary.spec("x", "recruiter_1").outfit == "blazer"
    assert ArtLibrary.spec("x", "recruiter_1", {"outfit": "hoodie"}).outfit == "hoodie"


MOODY = """\
id: moods
title: Moods
summary: A short test of moods.
goal: See faces change.
setting: office
difficulty: beginner
minutes: 2
focus: [communication]
characters:
  rosa:
    name: Rosa Delgado
    look: {age: older, hair: bun, glasses: true, outfit: cardigan, color: green}
  ben:
    name: Ben Ode
start: hello
nodes:
  hello:
    speaker: rosa
    text: My audio is broken, and the talk starts in five minutes.
    mood: concerned
    choices:
      - text: Offer to check the cable with her.
        to: after
        score: {communication: 1}
        reply: Oh, would you? Thank you.
        mood: surprised
      - text: Tell her it will be fine.
        to: after
        score: {communication: -1}
        reply: I hope so.
  after:
    speaker: ben
    text: Ben waves from the door.
    end: done
endings:
  done:
    title: Done
    outcome: success
    text: The talk goes ahead.
"""


def test_moods_come_from_the_line_and_the_briefing_paints_them() -> None:
    sc = load_scenario_text(MOODY)
    assert scenario_moods(sc) == {"rosa": ["neutral", "warm", "cool", "concerned", "surprised"],
                                  "ben": ["neutral", "warm", "cool"]}
    session = Session(sc, in_order=True)
    hello = session.opening[-1]
    assert hello.mood == "concerned" and hello.speaker == "rosa"
    step = session.choose(1)
    assert step.reply is not None and step.reply.mood == "surprised" and step.reply.speaker == "rosa"
    assert face_mood(None, 2) == "warm" and face_mood(None, 0) == "neutral" and face_mood(None, -3) == "cool"
    assert face_mood("concerned", 5) == "concerned"
    session.close()
