"""Findings and errors: every problem names a file, a line, a column and a fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from game.i18n import _

Severity = Literal["error", "warning", "note"]  # a note is advice: never counted, never fails `--strict`


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file. Lines and columns count from 1."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class ScenarioError(ValueError):
    """A scenario or pack file that cannot load. Carries every error found, not only the first."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings: list[Finding] = sorted(findings, key=lambda f: (f.file, f.line, f.column))
        if not self.findings:
            raise ValueError("ScenarioError needs at least one finding")
        first = self.findings[0]
        super().__init__(str(first))

    @property
    def file(self) -> str:
        return self.findings[0].file

    @property
    def line(self) -> int:
        return self.findings[0].line

    @property
    def column(self) -> int:
        return self.findings[0].column

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.findings)


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """' (did you mean `x`?)' when a close option exists, else ''."""
    import difflib  # only a file with a mistake needs it: `rapport validate` of a clean pack never loads it

    close = difflib.get_close_matches(word, sorted(set(options)), n=1, cutoff=0.6)
    return _(" (did you mean `{name}`?)").format(name=close[0]) if close else ""


def known_list(options: Iterable[str], limit: int = 12) -> str:
    """A short, sorted list of valid names for a message, or "none are defined".

    The empty case reads as a clause of its own, so it fits in parentheses ("a character id (none are
    defined)") but not after "the characters are"; for that, use `known_names`.
    """
    names = sorted(set(options))
    if not names:
        return _("none are defined")
    shown = ", ".join(f"`{n}`" for n in names[:limit])
    return shown + (_(" and {n} more").format(n=len(names) - limit) if len(names) > limit else "")


def known_names(noun: str, options: Iterable[str], limit: int = 12) -> str:
    """A clause naming the valid names: "the characters are `maya`, `sam`", or "no characters are defined"."""
    names = set(options)
    if noun in _NONE:
        return _NONE[noun]() if not names else _THE[noun]().format(names=known_list(names, limit))
    if not names:
        return f"no {noun} are defined"
    return f"the {noun} are {known_list(names, limit)}"


# The nouns the checker names, each clause whole so that a translation can agree with its noun.
_NONE = {"principles": lambda: _("no principles are defined"), "characters": lambda: _("no characters are defined"),
         "patterns": lambda: _("no patterns are defined")}
_THE = {"principles": lambda: _("the principles are {names}"), "characters": lambda: _("the characters are {names}"),
        "patterns": lambda: _("the patterns are {names}")}
