"""pack: a folder of scenarios, its pack.yaml and principles.yaml, its assets — and broken files that hide nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_pack, load_scenario
from game.scenario.builtin import patterns as builtin_patterns

from .conftest import BASE

# A real 1x1 PNG: pack assets are checked from their header now.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63606060f80f00010401005fe5c34b0000000049454e44ae426082")


def make_pack(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def test_a_broken_file_hides_no_good_one(tmp_path: Path) -> None:
    pack_dir = make_pack(tmp_path / "pack", {
        "pack.yaml": "title: Spring workshop\nauthor: Career Center\nversion: '1.0'\n",
        "a-booth.yaml": BASE,
        "b-broken.yaml": BASE.replace("to: warm", "to: wram"),
        "c-other.yml": BASE.replace("title: Booth", "title: Other"),
        "d-bad-yaml.yaml": "title: [\n",
        "notes.txt": "not a scenario",
        ".hidden.yaml": "title: [\n",
        "sub/inner.yaml": BASE,  # only files directly in the pack
    })
    pack = load_pack(pack_dir)
    assert pack.title == "Spring workshop"
    assert [s.id for s in pack.scenarios] == ["a-booth", "c-other"]
    assert [b.id for b in pack.broken] == ["b-broken", "d-bad-yaml"]
    first = pack.broken[0].first_error
    assert (first.line, first.code) == (29, "unknown-target")
    assert first.file.endswith("b-broken.yaml")
    assert pack.broken[1].first_error.code == "yaml-syntax"
    assert not pack.findings
    assert pack.scenario("c-other") is not None and pack.scenario("nope") is None


def test_two_files_with_one_id(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path, {"a.yaml": "id: same\n" + BASE, "b.yaml": "id: same\n" + BASE}))
    assert [s.id for s in pack.scenarios] == ["same"]
    assert pack.broken[0].first_error.code == "duplicate-id"
    assert "a.yaml" in pack.broken[0].first_error.message


def test_file_id_defaults_to_the_lowercased_stem(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path, {"Career-Fair.yaml": BASE}))
    assert pack.scenarios[0].id == "career-fair"


# ------------------------------------------------------------------ principles.yaml

PRINCIPLES = """\
principles:
  listening:
    name: Listening
    summary: Hearing the whole answer.
    tip: Count to two before you reply.
  curiosity:
    name: Curiosity
    summary: Asking real questions.
    tip: Ask why, twice.
"""
PATTERNS = """\
patterns:
  interrupter:
    name: The Interrupter
    principle: listening
    summary: Talks over people.
"""


def custom(text: str) -> str:
    return (text.replace("first_impression", "listening")
            .replace("pattern: hard_seller", "pattern: interrupter"))


def test_principles_and_patterns_replace_the_built_in_ones(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path, {"principles.yaml": PRINCIPLES + PATTERNS, "s.yaml": custom(BASE),
                                          "old.yaml": BASE}))
    assert set(pack.principles) == {"listening", "curiosity"}
    assert set(pack.patterns) == {"interrupter"}
    assert [s.id for s in pack.scenarios] == ["s"]
    codes = {f.code for f in pack.broken[0].findings}
    assert codes == {"unknown-principle", "unknown-pattern"}


def test_only_principles_keeps_the_built_in_patterns_that_still_apply(tmp_path: Path) -> None:
    text = PRINCIPLES.replace("  curiosity:", "  communication:")
    pack = load_pack(make_pack(tmp_path, {"principles.yaml": text}))
    assert set(pack.principles) == {"listening", "communication"}
    assert set(pack.patterns) == {k for k, v in builtin_patterns().items() if v.principle == "communication"}
    assert set(pack.patterns) == {"hard_seller", "poor_communicator"}
    assert not pack.findings


def test_only_patterns_keeps_the_built_in_principles(tmp_path: Path) -> None:
    text = PATTERNS.replace("principle: listening", "principle: communication")
    pack = load_pack(make_pack(tmp_path, {"principles.yml": text}))
    assert "first_impression" in pack.principles and len(pack.principles) == 5
    assert set(pack.patterns) == {"interrupter"}


def test_a_pattern_naming_an_unknown_principle(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path, {"principles.yaml": PRINCIPLES + PATTERNS.replace(
        "principle: listening", "principle: listenin"), "s.yaml": BASE}))
    (f,) = pack.findings
    assert (f.line, f.column, f.code) == (13, 16, "unknown-principle")
    assert "(did you mean `listening`?)" in f.message
    # The built-ins stay in force, so the scenarios still load; a single file names the problem.
    assert [s.id for s in pack.scenarios] == ["s"]
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "s.yaml")
    assert info.value.findings[0].file.endswith("principles.yaml")


def test_a_broken_pack_yaml(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path, {"pack.yaml": "titel: x\n", "s.yaml": BASE}))
    assert pack.findings[0].code == "unknown-field" and "(did you mean `title`?)" in pack.findings[0].message
    assert [s.id for s in pack.scenarios] == ["s"]


# ------------------------------------------------------------------ assets stay inside assets/

def with_portrait(key: str) -> str:
    return BASE.replace("    role: Recruiter", f"    role: Recruiter\n    portrait: {key}")


def test_pack_assets_resolve(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"assets/portraits/maya.png": PNG, "assets/backgrounds/gym.png": PNG,
                                      "s.yaml": with_portrait("maya").replace("focus:", "setting: gym\nfocus:")})
    pack = load_pack(root)
    assert [s.id for s in pack.scenarios] == ["s"], pack.broken
    assert pack.asset_path("portraits", "maya") == (root / "assets/portraits/maya.png").resolve()
    assert pack.asset_exists("backgrounds", "career_fair")  # built in
    assert pack.asset_exists("portraits", "recruiter_1")


@pytest.mark.parametrize("key", ["../secret", "..", "/etc/passwd", "a/b", "a\\b", "", "../../p/assets/portraits/maya"])
def test_asset_keys_cannot_leave_assets(tmp_path: Path, key: str) -> None:
    root = make_pack(tmp_path / "p", {"assets/portraits/maya.png": PNG, "secret.png": PNG})
    pack = load_pack(root)
    assert pack.asset_path("portraits", key) is None
    assert pack.asset_path("other", "maya") is None


def test_asset_keys_with_paths_are_load_errors(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"s.yaml": with_portrait("../secret")})
    (f,) = load_pack(root).broken[0].findings
    assert (f.line, f.column, f.code) == (8, 15, "bad-id")
    assert f.message == ("`../secret` is not an asset key; asset keys are file names without `.png` and without "
                         "a folder (letters, digits, `_` and `-`), like `secret`.")


def test_symlinked_png_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    root = make_pack(tmp_path / "p", {"s.yaml": with_portrait("evil")})
    (root / "assets/portraits").mkdir(parents=True)
    os.symlink(outside, root / "assets/portraits/evil.png")
    pack = load_pack(root)
    assert pack.asset_path("portraits", "evil") is None
    (f,) = pack.broken[0].findings
    assert (f.line, f.code) == (8, "unknown-asset")


def test_symlinked_assets_folder_pointing_outside_is_refused(tmp_path: Path) -> None:
    elsewhere = make_pack(tmp_path / "elsewhere", {"portraits/evil.png": PNG})
    root = make_pack(tmp_path / "p", {"s.yaml": with_portrait("evil")})
    os.symlink(elsewhere, root / "assets")
    assert load_pack(root).asset_path("portraits", "evil") is None


def test_symlink_inside_assets_is_fine(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"assets/portraits/maya.png": PNG})
    os.symlink(root / "assets/portraits/maya.png", root / "assets/portraits/maya2.png")
    assert load_pack(root).asset_path("portraits", "maya2") is not None


def test_a_folder_named_like_a_png_is_not_an_asset(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", {"assets/portraits/dir.png/x": PNG})
    assert load_pack(root).asset_path("portraits", "dir") is None
