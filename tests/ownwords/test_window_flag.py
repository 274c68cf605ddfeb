"""`--own-words` for the window, and the readiness the window polls instead of waiting for the model."""

from __future__ import annotations

import argparse
import threading

import pytest

from game.commands import play
from game.ownwords import INSTALL_HINT
from game.ownwords.prompt import OwnWords


def _args(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(**{"own_words": True, "workshop": False, **kw})


def test_own_words_flag_applies_unless_workshop_or_missing(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("game.ownwords.missing", lambda: None)
    assert play._own_words_wanted(_args()) is True
    assert play._own_words_wanted(_args(own_words=False)) is False
    assert play._own_words_wanted(_args(workshop=True)) is False
    assert "workshop mode keeps lettered choices" in capsys.readouterr().err
    monkeypatch.setattr("game.ownwords.missing", lambda: INSTALL_HINT)
    assert play._own_words_wanted(_args()) is False
    assert "make play OWN_WORDS=1" in capsys.readouterr().err


def test_ready_and_error_do_not_wait_for_the_model() -> None:
    go = threading.Event()

    def slow() -> object:
        go.wait(5)
        raise RuntimeError("damaged")

    ow = OwnWords(slow)
    assert not ow.ready() and ow.error is None  # still loading: neither call blocks
    go.set()
    with pytest.raises(RuntimeError):
        ow.embed()  # waits for the load to end
    assert ow.ready() and isinstance(ow.error, RuntimeError)
