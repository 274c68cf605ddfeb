"""Self-voicing: read the current text and choices aloud through pyttsx3 (espeak-ng on Linux).

Optional by design: when pyttsx3 or a speech engine is missing, the setting
says so and the game stays silent. Speech runs on its own thread because
pyttsx3's `runAndWait` blocks, and a frame must never wait for a voice.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import threading
from typing import Any

log = logging.getLogger(__name__)


def available() -> bool:
    """True when pyttsx3 is installed (an engine may still fail to start; `Voice` copes)."""
    return importlib.util.find_spec("pyttsx3") is not None


class Voice:
    """A queue of utterances spoken one after another; a new screen interrupts the old one."""

    def __init__(self) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._failed = False
        self.spoken: list[str] = []  # what was asked to be said (tests read it)

    @property
    def working(self) -> bool:
        return available() and not self._failed

    def say(self, text: str, interrupt: bool = True) -> None:
        if not text.strip():
            return
        self.spoken.append(text)
        if not self.working:
            return
        if interrupt:
            self._drain()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="rapport-voice", daemon=True)
            self._thread.start()
        self._queue.put(text)

    def _drain(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass

    def _run(self) -> None:
        try:
            import pyttsx3  # type: ignore[import-not-found]  # optional extra "voice"

            engine: Any = pyttsx3.init()
        except Exception as exc:  # no espeak-ng, no audio device: say why once, then stay quiet
            log.warning("self-voicing is unavailable: %s", exc)
            self._failed = True
            return
        while True:
            text = self._queue.get()
            if text is None:
                break
            try:
                engine.say(text)
                engine.runAndWait()
            except Exception as exc:
                log.warning("speech failed: %s", exc)
                self._failed = True
                break

    def close(self) -> None:
        if self._thread is not None:
            self._drain()
            self._queue.put(None)
            self._thread = None
