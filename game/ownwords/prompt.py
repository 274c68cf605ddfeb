"""The own-words exchange for a text front end: the player types, the game says what it understood.

Front-end neutral: it talks through `say(text)` and `ask(prompt) -> line`, so text play uses it
directly and tests drive it with lists. The model loads in a background thread as soon as an
`OwnWords` is made, so the first answer rarely waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from game.i18n import N_, _
from game.ownwords.match import Candidate, Matcher

Say = Callable[[str], None]
Ask = Callable[[str], str]

HOW = N_("Type what you would say or do, in your own words; ? lists the choices; a number picks one.")


class Cancelled(Exception):
    """The player asked to go back (r) or stop (q) while answering; the caller handles the word."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


class OwnWords:
    """One attempt's own-words answering: a shared model, and one matcher per node as it comes up."""

    def __init__(self, embed_factory: Callable[[], Callable[[list[str]], Any]] | None = None) -> None:
        if embed_factory is None:
            from game.ownwords.model import shared_embedder

            def embed_factory() -> Callable[[list[str]], Any]:
                return shared_embedder().embed
        self._factory = embed_factory
        self._embed: Callable[[list[str]], Any] | None = None
        self._error: BaseException | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._load, name="own-words-model", daemon=True).start()

    def _load(self) -> None:
        try:
            self._embed = self._factory()
        except BaseException as exc:  # reported on first use, in words
            self._error = exc
        finally:
            self._ready.set()

    def ready(self) -> bool:
        """Whether the model has loaded (or failed to): a window polls this instead of waiting."""
        return self._ready.is_set()

    @property
    def error(self) -> BaseException | None:
        """Why the model could not load, once loading has ended; None while loading or when it loaded."""
        return self._error if self._ready.is_set() else None

    def embed(self) -> Callable[[list[str]], Any]:
        self._ready.wait()
        if self._error is not None:
            raise self._error
        assert self._embed is not None
        return self._embed

    def matcher(self, options: Sequence[Any]) -> Matcher:
        """A matcher over the options on screen now (only choices whose `if` holds are options)."""
        cands = [Candidate(o.id, o.text, tuple(o.choice.examples or ())) for o in options]
        return Matcher(cands, self.embed())

    def answer(self, options: Sequence[Any], say: Say, ask: Ask,
               specials: Sequence[str] = ("q", "r")) -> tuple[int, str | None]:
        """Ask until the player settles on an option: (its number on screen, what they typed or None)."""
        by_number = {int(o.number): o for o in options}
        by_id = {o.id: o for o in options}
        matcher: Matcher | None = None
        line = ask(_("What do you say? "))
        while True:
            low = line.lower()
            if low in specials:
                raise Cancelled(low)
            if line.isascii() and line.isdigit():
                if int(line) in by_number:
                    return int(line), None
                say(_("There is no choice {number}.").format(number=line) + " " + _(HOW))
            elif low in ("?", "help", "list"):
                for o in options:
                    say(f"  {o.number}. {o.text}")
            elif not line:
                say(_(HOW))
            else:
                if matcher is None:
                    matcher = self.matcher(options)
                m = matcher.match(line)
                top = by_id[m.choice]
                second = by_id[m.runner_up] if m.runner_up is not None else None
                if m.confident:
                    say(_("I understood: {choice}").format(choice=top.text))
                    reply = ask(_("Enter to go with that, a number to pick another, or other words: "))
                    if not reply:
                        return int(top.number), line
                else:
                    say(_("I'm not sure which you mean. The closest:"))
                    say(f"  a) {top.text}")
                    if second is not None:
                        say(f"  b) {second.text}")
                    reply = ask(_("Type a or b, a number, or other words: ") if second is not None
                                else _("Type a, a number, or other words: "))
                    if reply.lower() == "a":
                        return int(top.number), line
                    if reply.lower() == "b" and second is not None:
                        return int(second.number), line
                if reply.isascii() and reply.isdigit() and int(reply) in by_number:
                    return int(reply), line  # picked another: what they typed stays beside it
                line = reply
                continue
            line = ask(_("What do you say? "))
