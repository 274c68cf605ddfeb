"""PNG files from a pack, checked from their header before anything decodes them.

A 57-byte PNG can declare 30000x30000 pixels: decoding it costs gigabytes. So the signature and the
IHDR chunk are read here (24 bytes, plain Python, no pygame), and a file that is not a PNG or is
larger than the pixel budget is refused with a sentence, by `validate` and by the window alike.
"""

from __future__ import annotations

import struct
from pathlib import Path

MAX_SIDE = 4096  # pixels on either side; a portrait or background never needs more
MAX_PIXELS = MAX_SIDE * MAX_SIDE
MAX_BYTES = 16 * 1024 * 1024
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_problem(path: Path) -> str | None:
    """Why this file cannot be used as a pack picture, or None when its header is a sane PNG."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(33)
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    if size > MAX_BYTES:
        return f"it is {size / 1048576:.1f} MiB; a picture may be at most {MAX_BYTES // 1048576} MiB"
    if not head.startswith(_SIGNATURE):
        return "it is not a PNG file (its first bytes are not a PNG signature); save it as PNG"
    if len(head) < 33 or head[12:16] != b"IHDR":
        return "it is not a whole PNG file (the IHDR header is missing or cut short); save it again as PNG"
    width, height = struct.unpack(">II", head[16:24])
    if width == 0 or height == 0:
        return f"it declares {width}x{height} pixels; save it again as PNG"
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return (f"it declares {width}x{height} pixels, over the {MAX_SIDE}x{MAX_SIDE} limit; "
                f"scale it down (1024 pixels on the long side is plenty)")
    return None
