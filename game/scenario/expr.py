"""The condition language of `if:` — a small parser, never Python's eval.

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := atom (("=="|"!="|"<"|"<="|">"|">=") atom)?
    atom    := INT | "true" | "false" | NAME | ID ".rapport" | "visited(" ID ")" | "(" expr ")"

A bare NAME is a principle score when it names a principle, otherwise a flag
(never set reads as false/0). Ids may start with a digit (`2b`, `1ana`); such a
word is read as an id where one is expected (inside `visited(...)`, before
`.rapport`), and a word of digits only is a number everywhere else. Conditions are parsed once, when a file loads,
into a closure over a `State`; unknown characters and nodes are load errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from game.i18n import N_, _

MAX_LENGTH = 500
MAX_DEPTH = 16

Value = int  # bools are ints here: true == 1, false == 0


class State(Protocol):
    """What a condition reads. Sessions, analysis and simulation all provide it."""

    flags: Mapping[str, bool | int]
    scores: Mapping[str, int]
    rapport: Mapping[str, int]
    visited: frozenset[str] | set[str]


class ExprError(ValueError):
    """A bad condition; `offset` is the 0-based character where the problem starts."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Names:
    """What the names in a condition can refer to."""

    principles: frozenset[str]
    characters: frozenset[str]
    nodes: frozenset[str]


@dataclass
class Condition:
    """A parsed condition: its source, a test, and the names it reads."""

    source: str
    test: Callable[[State], bool]
    flags: frozenset[str] = field(default_factory=frozenset)
    principles: frozenset[str] = field(default_factory=frozenset)
    characters: frozenset[str] = field(default_factory=frozenset)
    visits: frozenset[str] = field(default_factory=frozenset)
    flag_offsets: dict[str, int] = field(default_factory=dict)
    # Per principle score and per character's rapport read: the numbers it is compared with (a bare use,
    # as in `not p`, tests it against 0), or None when it is compared with something that is not a number.
    # Analysis uses them: values below the least or above the greatest give the condition one result each.
    score_numbers: dict[str, frozenset[int] | None] = field(default_factory=dict)
    rapport_numbers: dict[str, frozenset[int] | None] = field(default_factory=dict)

    def __call__(self, state: State) -> bool:
        return self.test(state)


# `word` is a name, a number or an id that starts with a digit (`2b`): `_tokens` tells them apart.
_TOKEN = re.compile(
    r"\s*(?:(?P<word>[A-Za-z0-9_][A-Za-z0-9_\-]*)|(?P<int>-\d+)|(?P<op>==|!=|<=|>=|<|>|\(|\)|\.)|(?P<bad>\S))"
)
_DIGITS = re.compile(r"\d+\Z")
MAX_NUMBER = 1_000_000
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_KEYWORDS = frozenset({"and", "or", "not", "true", "false", "visited"})
_HINTS = {
    "=": N_("use `==` to compare, like `maya.rapport == 2`"),
    "&": N_("write `and` instead of `&&`"),
    "|": N_("write `or` instead of `||`"),
    "!": N_("write `not` before a condition, or `!=` to compare"),
}

Ev = Callable[[State], int]
# What a parsed part is, for `Condition.score_numbers`: ("k", n) a number, ("s", principle) a score,
# ("r", character) a rapport, ("o", None) anything else (a flag, a visit, a comparison, and/or/not).
Desc = tuple[str, Any]
_OTHER: Desc = ("o", None)
Part = tuple[Ev, Desc]


@dataclass
class _Tok:
    kind: str
    text: str
    at: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing whitespace remains
            break
        kind = m.lastgroup or "bad"
        value = m.group(kind)
        at = m.start(kind)
        if kind == "bad":
            hint = _(_HINTS.get(value, N_("conditions use names, whole numbers, == != < <= > >=, and, or, not and ()")))
            raise ExprError(_("unexpected `{token}` in the condition; {hint}").format(token=value, hint=hint), at)
        if kind == "word":  # `12` is a number, `2b` an id (valid only where an id is expected), `maya` a name
            kind = "int" if _DIGITS.match(value) else "id" if value[0].isdigit() else "name"
        out.append(_Tok(kind, value, at))
        pos = m.end()
    out.append(_Tok("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str, names: Names):
        self.text = text
        self.names = names
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0
        self.flags: dict[str, int] = {}
        self.principles: set[str] = set()
        self.characters: set[str] = set()
        self.visits: set[str] = set()
        self.numbers: dict[tuple[str, str], set[int]] = {}
        self.unbounded: set[tuple[str, str]] = set()

    def _truth(self, d: Desc) -> None:
        """A score or rapport used as a truth value is compared with 0."""
        if d[0] in ("s", "r"):
            self.numbers.setdefault(d, set()).add(0)

    def _relate(self, a: Desc, b: Desc) -> None:
        for x, y in ((a, b), (b, a)):
            if x[0] in ("s", "r"):
                if y[0] == "k":
                    self.numbers.setdefault(x, set()).add(int(y[1]))
                else:
                    self.unbounded.add(x)

    def compared(self, kind: str) -> dict[str, frozenset[int] | None]:
        """`Condition.score_numbers` ("s") or `rapport_numbers` ("r")."""
        out: dict[str, frozenset[int] | None] = {d[1]: frozenset(ns) for d, ns in self.numbers.items() if d[0] == kind}
        out.update({d[1]: None for d in self.unbounded if d[0] == kind})
        return out

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, text: str, what: str) -> _Tok:
        if self.tok.text != text:
            found = f"`{self.tok.text}`" if self.tok.kind != "end" else _("the end of the condition")
            raise ExprError(_("expected {what}, found {found}").format(what=what, found=found), self.tok.at)
        return self.take()

    def parse(self) -> Ev:
        if self.tok.kind == "end":
            raise ExprError(_("the condition is empty; write one, like `promised_dashboard` or `maya.rapport >= 1`"), 0)
        ev, desc = self.or_()
        self._truth(desc)
        if self.tok.kind != "end":
            raise ExprError(
                _("unexpected `{token}`; join conditions with `and` or `or`").format(token=self.tok.text), self.tok.at
            )
        return ev

    def _nest(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(_("the condition nests more than {n} levels deep; simplify it").format(n=MAX_DEPTH), at)

    def or_(self) -> Part:
        parts = [self.and_()]
        while self.tok.text == "or":
            self.take()
            parts.append(self.and_())
        if len(parts) == 1:
            return parts[0]
        for _ev, d in parts:
            self._truth(d)
        ps = tuple(ev for ev, _ in parts)
        return lambda s: int(any(p(s) for p in ps)), _OTHER

    def and_(self) -> Part:
        parts = [self.not_()]
        while self.tok.text == "and":
            self.take()
            parts.append(self.not_())
        if len(parts) == 1:
            return parts[0]
        for _ev, d in parts:
            self._truth(d)
        ps = tuple(ev for ev, _ in parts)
        return lambda s: int(all(p(s) for p in ps)), _OTHER

    def not_(self) -> Part:
        if self.tok.text == "not":
            at = self.take().at
            self._nest(at)
            inner, desc = self.not_()
            self.depth -= 1
            self._truth(desc)
            return lambda s: int(not inner(s)), _OTHER
        return self.compare()

    def compare(self) -> Part:
        left, ldesc = self.atom()
        op = self.tok.text
        if self.tok.kind == "op" and op in _COMPARE:
            self.take()
            right, rdesc = self.atom()
            fn = _COMPARE[op]
            if self.tok.kind == "op" and self.tok.text in _COMPARE:
                raise ExprError(_("compare two values at a time; join comparisons with `and`"), self.tok.at)
            self._relate(ldesc, rdesc)
            return lambda s: fn(left(s), right(s)), _OTHER
        return left, ldesc

    def atom(self) -> Part:
        tok = self.take()
        if tok.kind in ("int", "id") and self.tok.text == ".":  # `1ana.rapport`, `2.rapport`, or `1.5`
            return self.rapport(tok)
        if tok.kind == "int":
            n = int(tok.text)
            if not -MAX_NUMBER <= n <= MAX_NUMBER:
                raise ExprError(
                    _("numbers in conditions are whole numbers from -{n} to {n}").format(n=MAX_NUMBER), tok.at
                )
            return lambda s: n, ("k", n)
        if tok.kind == "id":
            hint = ""
            if tok.text in self.names.characters:
                hint = _("; to read the character's rapport, write `{id}.rapport`").format(id=tok.text)
            elif tok.text in self.names.nodes:
                hint = _("; to test a visit to node `{id}`, write `visited({id})`").format(id=tok.text)
            raise ExprError(
                _("`{word}` is not a whole number, and a flag name cannot start with a digit{hint}").format(
                    word=tok.text, hint=hint), tok.at
            )
        if tok.text == "(":
            self._nest(tok.at)
            inner = self.or_()
            self.expect(")", _("`)` to close the `(`"))
            self.depth -= 1
            return inner
        if tok.kind != "name":
            found = f"`{tok.text}`" if tok.kind != "end" else _("the end of the condition")
            raise ExprError(_("expected a name or a number, found {found}").format(found=found), tok.at)
        word = tok.text
        if word in ("true", "True"):
            return lambda s: 1, ("k", 1)
        if word in ("false", "False"):
            return lambda s: 0, ("k", 0)
        if word in ("and", "or", "not"):
            raise ExprError(_("`{word}` needs a condition before it").format(word=word), tok.at)
        if word == "visited":
            self.expect("(", _("`(` after visited, like `visited(pitch)`"))
            node = self.take()
            if node.kind not in ("name", "id", "int") or node.text.startswith("-"):
                raise ExprError(_("visited() takes a node id, like `visited(pitch)`"), node.at)
            if node.text not in self.names.nodes:
                raise ExprError(
                    _("visited({node}): there is no node `{node}`{hint}").format(
                        node=node.text, hint=_suggest(node.text, self.names.nodes)),
                    node.at,
                )
            self.expect(")", _("`)` after the node id"))
            self.visits.add(node.text)
            nid = node.text
            return lambda s: 1 if nid in s.visited else 0, _OTHER
        if self.tok.text == ".":
            return self.rapport(tok)
        if word in self.names.principles:
            self.principles.add(word)
            pid = word
            return lambda s: s.scores.get(pid, 0), ("s", pid)
        if "-" in word:
            raise ExprError(_("`{word}`: flag names use letters, digits and `_` only").format(word=word), tok.at)
        self.flags.setdefault(word, tok.at)
        flag = word
        return lambda s: int(s.flags.get(flag, 0)), _OTHER


    def rapport(self, tok: _Tok) -> Part:
        """`ID.rapport`, with the `.` next: a character's rapport."""
        word = tok.text
        self.take()
        attr = self.take()
        if tok.kind == "int" and _DIGITS.match(attr.text):
            raise ExprError(_("`{word}`: conditions use whole numbers, not decimals").format(
                word=f"{word}.{attr.text}"), tok.at)
        if attr.text != "rapport":
            raise ExprError(
                _("`{id}.{attr}`: a character has only `.rapport`, like `{id}.rapport >= 1`").format(
                    id=word, attr=attr.text), attr.at
            )
        if word not in self.names.characters:
            raise ExprError(
                _("there is no character `{id}`{hint}; characters are listed under `characters:`").format(
                    id=word, hint=_suggest(word, self.names.characters)),
                tok.at,
            )
        self.characters.add(word)
        cid = word
        return lambda s: s.rapport.get(cid, 0), ("r", cid)


def unreadable_flag(name: str) -> str | None:
    """Why no condition can read a flag of this name (a word of the language, or a leading digit), or None.

    Such a flag can be set but never tested; the checker makes setting one an error.
    """
    if name in _KEYWORDS:
        return _("`{name}` is a word of the condition language, so no condition can read a flag of that name; "
                 "choose another, like `{name}_flag`").format(name=name)
    if name[:1].isdigit():
        return _("a condition reads a word that starts with a digit as a number or an id, so it can never read "
                 "flag `{name}`; start the name with a letter, like `flag_{name}`").format(name=name)
    return None


def _suggest(word: str, options: Iterable[str]) -> str:
    from game.scenario.errors import did_you_mean

    return did_you_mean(word, options)


def compile_condition(text: str, names: Names) -> Condition:
    """Parse a condition once; raise ExprError with an offset on any problem."""
    if len(text) > MAX_LENGTH:
        raise ExprError(_("the condition is {n} characters long; keep it under {limit}").format(
            n=len(text), limit=MAX_LENGTH), MAX_LENGTH)
    parser = _Parser(text, names)
    ev = parser.parse()
    return Condition(
        source=text,
        test=lambda s: bool(ev(s)),
        flags=frozenset(parser.flags),
        principles=frozenset(parser.principles),
        characters=frozenset(parser.characters),
        visits=frozenset(parser.visits),
        flag_offsets=parser.flags,
        score_numbers=parser.compared("s"),
        rapport_numbers=parser.compared("r"),
    )
