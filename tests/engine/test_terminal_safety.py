"""No control character reaches the terminal from names or stored text; names are cleaned and bounded."""

from __future__ import annotations

import io

import pytest

from game.cli import main
from game.commands import out
from game.text_play import BOLD, RESET, TextUI

from .helpers import HALLWAY


def test_text_play_keeps_its_own_colours_and_escapes_everything_else() -> None:
    buf = io.StringIO()
    tio = TextUI(io.StringIO(""), buf, color=True)
    tio.say(f"{BOLD}Ana\x1b]0;TITLE\x07\x1b[2J{RESET} \u202egone")
    assert buf.getvalue() == f"{BOLD}Ana\\x1b]0;TITLE\\x07\\x1b[2J{RESET} \\u202egone\n"


def test_command_output_shows_control_characters_as_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    out("name: \x1b[2J\x9bX\ttab")
    assert capsys.readouterr().out == "name: \\x1b[2J\\x9bX\ttab\n"


@pytest.mark.parametrize("name", ["x" * 100_000, "\x1b\x07 \t"])
def test_a_bad_player_name_is_refused_with_a_sentence(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["play", "--text", str(HALLWAY), "--player", name]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rapport: --player: a player name ") and "\x1b" not in err
    assert main(["history", "--player", name]) == 2
    assert "\x1b" not in capsys.readouterr().err


def test_a_player_name_with_escapes_is_stored_clean(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from game.store import Database
    from game.store.db import default_db_path

    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 40))
    main(["play", "--text", str(HALLWAY), "--player", "Ana\x1b[2J Lee"])
    assert "\x1b[2J" not in capsys.readouterr().out
    db = Database(default_db_path())
    try:
        names = {a.player for a in db.attempts()}
    finally:
        db.close()
    assert names == {"Ana [2J Lee"}
