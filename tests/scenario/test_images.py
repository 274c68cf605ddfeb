"""Pack pictures are checked from their PNG header before anything decodes them."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from game.scenario.images import MAX_SIDE, png_problem
from tests.scenario.conftest import run_rapport


def png_header(width: int, height: int) -> bytes:
    """The 57-byte kind of file: a signature, an IHDR declaring the size, an empty IDAT and IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def test_a_small_real_png_passes(tmp_path: Path) -> None:
    path = tmp_path / "ok.png"
    path.write_bytes(png_header(64, 64))
    assert png_problem(path) is None


@pytest.mark.parametrize("data, words", [
    (png_header(30000, 30000), "30000x30000 pixels"),
    (png_header(MAX_SIDE + 1, 10), "over the"),
    (png_header(0, 10), "0x10"),
    (b"GIF89a not a png at all", "not a PNG"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "cut short"),
    (b"", "not a PNG"),
])
def test_bad_pictures_are_named(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "bad.png"
    path.write_bytes(data)
    problem = png_problem(path)
    assert problem is not None and words in problem


def _pack_with_portrait(tmp_path: Path, data: bytes) -> Path:
    pack = tmp_path / "pack"
    (pack / "assets" / "portraits").mkdir(parents=True)
    (pack / "assets" / "portraits" / "bomb.png").write_bytes(data)
    (pack / "s.yaml").write_text(
        "title: T\nsummary: S.\ncharacters:\n  maya: {name: Maya, portrait: bomb}\n"
        "nodes:\n  a:\n    speaker: maya\n    text: Hi.\n    choices:\n"
        "      - {text: Hello., to: e, feedback: Fine.}\n"
        "endings:\n  e: {title: E, text: Done., outcome: success}\n", encoding="utf-8")
    return pack


def test_validate_refuses_a_decompression_bomb_naming_the_file(tmp_path: Path) -> None:
    pack = _pack_with_portrait(tmp_path, png_header(30000, 30000))
    result = run_rapport("validate", str(pack))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "assets/portraits/bomb.png cannot be used" in result.stdout + result.stderr
    assert "30000x30000" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_validate_refuses_a_file_that_is_not_a_png(tmp_path: Path) -> None:
    pack = _pack_with_portrait(tmp_path, b"<html>not a picture</html>")
    result = run_rapport("validate", str(pack))
    assert result.returncode == 1
    assert "not a PNG" in result.stdout + result.stderr


def test_validate_accepts_a_sane_portrait(tmp_path: Path) -> None:
    pack = _pack_with_portrait(tmp_path, png_header(128, 128))
    result = run_rapport("validate", str(pack))
    assert result.returncode == 0, result.stdout + result.stderr
