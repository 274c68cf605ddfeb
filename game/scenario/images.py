"""PNG checks from the header alone: a pack's pictures are sized before anything decodes them.

A 57-byte PNG can declare 30000x30000 pixels, and decoding it takes gigabytes. Reading the IHDR
chunk (the first 33 bytes) tells the size without decoding, in pure Python, so the scenario layer
can refuse such a file at `validate` and the UI can refuse it before `pygame.image.load`.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

from game.i18n import _
from game.scenario.errors import Finding
from game.textsafe import printable_name

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIDE = 4096
MAX_PIXELS = MAX_SIDE * MAX_SIDE  # one picture: 64 MiB once decoded to RGBA
MAX_PACK_PIXELS = 8 * MAX_PIXELS  # every picture of a pack together
MAX_PNG_BYTES = 16 * 1024 * 1024
MAX_ASSET_FILES = 2000  # pictures looked at per kind; more is an error, never a silent skip
_HEADER_BYTES = 33  # signature (8) + IHDR length, type, width, height, 5 bytes of fields, CRC


def png_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk; ValueError with a sentence if it is not a usable PNG."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ValueError(_("cannot read the file: {problem}").format(problem=exc.strerror or exc)) from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device named .png must not block or stream forever
        raise ValueError(_("the file is not a regular file (a pipe or device); replace it with a PNG"))
    if st.st_size > MAX_PNG_BYTES:
        raise ValueError(_("the file is {size} MiB; a picture may be at most {limit} MiB").format(
            size=f"{st.st_size / 1048576:.1f}", limit=MAX_PNG_BYTES // 1048576))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            head = os.read(fd, _HEADER_BYTES)
        finally:
            os.close(fd)
    except OSError as exc:
        raise ValueError(_("cannot read the file: {problem}").format(problem=exc.strerror or exc)) from None
    if head[:8] != PNG_SIGNATURE:
        raise ValueError(_("the file is not a PNG (its first bytes are not the PNG signature); save it as PNG"))
    if len(head) < _HEADER_BYTES:
        raise ValueError(_("the PNG is truncated before its header ends; save it again"))
    length, kind, width, height = struct.unpack(">I4sII", head[8:24])
    if kind != b"IHDR" or length != 13:
        raise ValueError(_("the PNG has no IHDR header chunk first; save it again with an image editor"))
    if width == 0 or height == 0:
        raise ValueError(_("the PNG declares {width}x{height} pixels; save it again").format(width=width, height=height))
    return width, height


def png_problem(path: str | os.PathLike[str]) -> str | None:
    """Why a pack picture must not be decoded, or None when its header is sound and within budget."""
    try:
        w, h = png_size(path)
    except ValueError as exc:
        return str(exc)
    if w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
        return _("the picture is {width}x{height} pixels; a picture may be at most {side}x{side}. "
                 "Scale it down in an image editor").format(width=w, height=h, side=MAX_SIDE)
    return None


def asset_findings(root: Path, display: str) -> list[Finding]:
    """An error for each picture under assets/ that is not a PNG or is too large, naming the file."""
    found: list[Finding] = []
    total = 0
    for kind in ("portraits", "backgrounds"):
        folder = root / "assets" / kind
        try:
            names = sorted(e.name for e in os.scandir(folder) if e.name.lower().endswith(".png"))
        except OSError:  # no such folder (or not a folder): nothing to look at
            continue
        shown = f"{display}/assets/{kind}"
        if len(names) > MAX_ASSET_FILES:
            found.append(Finding(shown, 1, 1, "error", "too-many-assets",
                                 _("the folder holds {n} pictures; only the first {limit} were checked, and the "
                                   "game may not show the rest. Remove the ones no scenario uses.").format(
                                       n=len(names), limit=MAX_ASSET_FILES)))
            names = names[:MAX_ASSET_FILES]
        inside = root.resolve()
        for name in names:
            where = f"{shown}/{printable_name(name)}"
            try:
                outside = not (folder / name).resolve(strict=True).is_relative_to(inside)
            except (OSError, RuntimeError):  # a dangling link or a loop of links
                found.append(Finding(where, 1, 1, "error", "bad-link",
                                     _("the picture is a link that leads nowhere; replace it with the PNG.")))
                continue
            if outside:
                found.append(Finding(where, 1, 1, "error", "outside-pack",
                                     _("the picture is a link to a file outside the pack; copy the PNG into "
                                       "the pack instead.")))
                continue
            problem = png_problem(folder / name)
            if problem is None:
                w, h = png_size(folder / name)
                total += w * h
                continue
            found.append(Finding(where, 1, 1, "error", "bad-image", f"{problem}."))
    if total > MAX_PACK_PIXELS:
        found.append(Finding(f"{display}/assets", 1, 1, "error", "images-too-large",
                             _("the pack's pictures hold {total} pixels together; a pack may hold at most "
                               "{limit}. Scale the largest pictures down.").format(
                                   total=f"{total:,}", limit=f"{MAX_PACK_PIXELS:,}")))
    return found
