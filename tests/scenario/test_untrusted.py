"""Crafted packs an attacker could hand in: PNG bombs, escapes, bad names, links, pipes, too many files."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from game.scenario import load_pack
from game.scenario.images import png_problem, png_size
from game.scenario.lint import check_paths
from game.textsafe import clean_player_name, for_terminal, printable_name

from .conftest import BASE, run_rapport


def png_header(width: int, height: int) -> bytes:
    """Signature and IHDR (33 bytes), an empty IDAT and IEND: 57 bytes that declare any size."""
    ihdr = b"IHDR" + struct.pack(">II5B", width, height, 8, 6, 0, 0, 0)
    head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))
    empty = b"".join(struct.pack(">I", 0) + k + struct.pack(">I", zlib.crc32(k)) for k in (b"IDAT", b"IEND"))
    return head + empty


def pack_with(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    root = tmp_path / "pack"
    for name, body in {"s.yaml": BASE, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return root


def codes(root: Path) -> dict[str, str]:
    return {Path(f.file).name: f.code for f in check_paths([root], with_warnings=False) if f.severity == "error"}


def test_a_57_byte_bomb_fails_validate_naming_the_file(tmp_path: Path) -> None:
    bomb = png_header(30000, 30000)
    assert len(bomb) == 57
    root = pack_with(tmp_path, {"assets/portraits/maya.png": bomb})
    result = run_rapport("validate", str(root))
    assert result.returncode == 1
    assert "assets/portraits/maya.png:1:1: error: the picture is 30000x30000 pixels" in result.stdout
    assert "ok" not in result.stderr


@pytest.mark.parametrize(("body", "words"), [
    (b"GIF89a not a png", "not a PNG"),
    (b"\x89PNG\r\n", "not a PNG"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d", "truncated"),
    (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IDAT" + b"\x00" * 21, "no IHDR"),
    (png_header(0, 10), "0x10"),
    (png_header(5000, 10), "5000x10"),
])
def test_a_file_that_is_not_a_usable_png_is_an_error(tmp_path: Path, body: bytes, words: str) -> None:
    root = pack_with(tmp_path, {"assets/backgrounds/gym.png": body})
    found = [f for f in check_paths([root], with_warnings=False) if f.file.endswith("gym.png")]
    assert [f.code for f in found] == ["bad-image"]
    assert words in found[0].message
    assert load_pack(root).asset_path("backgrounds", "gym") is None  # the UI is never handed it


def test_a_sound_png_passes_and_reports_its_size(tmp_path: Path) -> None:
    path = tmp_path / "ok.png"
    path.write_bytes(png_header(4096, 4096))
    assert png_size(path) == (4096, 4096)
    assert png_problem(path) is None


def test_the_pack_total_is_bounded(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {f"assets/backgrounds/b{i}.png": png_header(4096, 4096) for i in range(9)}
    assert codes(pack_with(tmp_path, files)).get("assets") == "images-too-large"


def test_a_fifo_named_png_or_yaml_does_not_hang(tmp_path: Path) -> None:
    root = pack_with(tmp_path, {})
    os.mkfifo(root / "x.yaml")
    (root / "assets" / "portraits").mkdir(parents=True)
    os.mkfifo(root / "assets" / "portraits" / "p.png")
    result = run_rapport("validate", str(root), timeout=30)  # a hang would end in TimeoutExpired
    assert result.returncode == 1
    assert "x.yaml:1:1: error: this is not a regular file" in result.stdout
    assert "p.png:1:1: error: the file is not a regular file" in result.stdout
    single = run_rapport("play", "--text", str(root / "x.yaml"), timeout=30)
    assert "not a regular file" in single.stdout + single.stderr


@pytest.mark.parametrize("escape", ['"\\e]0;TITLE\\a\\e[2J"', '"\\x1b[31m"', '"\\u009b2J"', '"a\\x7fb"'])
def test_control_characters_written_as_escapes_are_refused(tmp_path: Path, escape: str) -> None:
    text = BASE.replace("title: Booth", f"title: {escape}")
    root = pack_with(tmp_path, {"s.yaml": text})
    found = check_paths([root], with_warnings=False)
    assert [(f.code, f.line, f.column) for f in found] == [("control-character", 1, 8)]
    assert "remove it" in found[0].message


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u202a"])
def test_bidi_controls_written_as_is_are_refused_at_their_column(tmp_path: Path, char: str) -> None:
    text = BASE.replace("text: Hello there.", f"text: Hello {char}there.")
    root = pack_with(tmp_path, {"s.yaml": text})
    found = check_paths([root], with_warnings=False)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if char in s)
    assert [(f.code, f.line, f.column) for f in found] == [("control-character", line, 17)]
    assert "bidi" in found[0].message


def test_tabs_and_newlines_in_text_are_still_fine(tmp_path: Path) -> None:
    text = BASE.replace("text: Hello there.", 'text: "Hello\\tthere.\\nBye."')
    assert codes(pack_with(tmp_path, {"s.yaml": text})) == {}


def test_a_pack_over_the_file_cap_is_an_error_not_a_silent_skip(tmp_path: Path) -> None:
    root = tmp_path / "big"
    root.mkdir()
    for i in range(501):
        (root / f"s{i:04d}.yaml").write_text(BASE.replace("title: Booth", f"id: s{i}\ntitle: Booth"))
    found = [f for f in check_paths([root], with_warnings=False) if f.code == "too-many-files"]
    assert len(found) == 1
    assert "501 scenario files" in found[0].message and "1 were not loaded" in found[0].message


def test_a_file_name_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    root = pack_with(tmp_path, {})
    bad = os.fsdecode(b"bad\xff.yaml")
    (root / bad).write_text(BASE.replace("title: Booth", "id: other\ntitle: Booth"))
    result = run_rapport("validate", str(root))
    assert result.returncode == 1
    assert "bad\\xff.yaml:1:1: error: the file name is not valid UTF-8" in result.stdout
    assert "Traceback" not in result.stderr


def test_links_out_of_the_pack_or_in_a_loop_are_errors(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(BASE)
    root = pack_with(tmp_path, {})
    (root / "out.yaml").symlink_to(outside)
    (root / "a.yaml").symlink_to(root / "b.yaml")
    (root / "b.yaml").symlink_to(root / "a.yaml")
    (root / "assets" / "portraits").mkdir(parents=True)
    (root / "assets" / "portraits" / "p.png").symlink_to(outside)
    got = codes(root)
    assert got == {"out.yaml": "outside-pack", "a.yaml": "bad-link", "b.yaml": "bad-link", "p.png": "outside-pack"}


def test_for_terminal_escapes_every_control_character() -> None:
    shown = for_terminal("a\x1b]0;T\x07\x1b[2J\x9b\u202eb\tc\nd")
    assert shown == "a\\x1b]0;T\\x07\\x1b[2J\\x9b\\u202eb\tc\nd"
    assert printable_name(os.fsdecode(b"bad\xff\n.yaml")) == "bad\\xff\\x0a.yaml"


def test_player_names_are_cleaned_and_bounded() -> None:
    assert clean_player_name("  Ada\x1b[2J  Lovelace\u202e ") == "Ada [2J Lovelace"
    with pytest.raises(ValueError, match="at least one letter"):
        clean_player_name("\x1b\x07  ")
    with pytest.raises(ValueError, match="at most 60 characters"):
        clean_player_name("x" * 100_000)
    assert clean_player_name("x" * 60) == "x" * 60


def test_too_many_pictures_is_an_error_not_a_silent_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("game.scenario.images.MAX_ASSET_FILES", 3)
    files: dict[str, bytes | str] = {f"assets/portraits/p{i}.png": png_header(8, 8) for i in range(4)}
    found = [f for f in check_paths([pack_with(tmp_path, files)], with_warnings=False)]
    assert [(f.code, f.severity) for f in found] == [("too-many-assets", "error")]
    assert "4 pictures" in found[0].message
