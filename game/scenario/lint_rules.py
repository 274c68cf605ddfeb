"""Static lint warnings: problems a file can load with, found from its text and plain graph alone.

Checks that need the conditions (a condition that never holds, reachability
under conditions) belong to the engine's analysis and are plugged into lint by
the CLI; everything here ignores what an `if` says, so it stays cheap and exact.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from game.i18n import _, ngettext
from game.scenario.errors import Finding, did_you_mean
from game.scenario.expr import Condition, unreadable_flag
from game.scenario.model import Choice, Scenario
from game.scenario.yamlread import Document, Path, Pos


class _Warn:
    """Collects warnings for one scenario, placed with the document's positions when it has them."""

    def __init__(self, sc: Scenario):
        self.sc = sc
        self.doc: Document | None = sc.document
        self.file = self.doc.file if self.doc is not None else sc.path
        self.out: list[Finding] = []

    def pos(self, path: Path, *, key: bool = False) -> Pos:
        if self.doc is None:
            return (1, 1)
        return self.doc.key_pos(path) if key else self.doc.pos(path)

    def add(self, at: Pos, code: str, message: str) -> None:
        self.out.append(Finding(self.file, at[0], at[1], "warning", code, message))


def reachable(sc: Scenario) -> set[str]:
    """Node and ending ids some path from the start reaches, ignoring every condition."""
    start = sc.start_id
    if start not in sc.nodes:
        return set()
    seen = {start}
    queue = deque([start])
    while queue:
        nid = queue.popleft()
        for target in (x.to for x in sc.nodes[nid].successors()):
            if target not in seen:
                seen.add(target)
                if target in sc.nodes:
                    queue.append(target)
    return seen


def _unreachable(w: _Warn) -> None:
    seen = reachable(w.sc)
    start = w.sc.start_id
    for nid in w.sc.nodes:
        if nid not in seen:
            w.add(w.pos(("nodes", nid), key=True), "unreachable-node",
                  _("no choice, `next` or `branch` leads to node `{node}` from the start (`{start}`), "
                    "so no player will see it; link to it, or remove it.").format(node=nid, start=start))
    for eid in w.sc.endings:
        if eid not in seen:
            w.add(w.pos(("endings", eid), key=True), "unreachable-ending",
                  _("no choice, `next`, `branch` or `end` leads to ending `{ending}`, so no player can reach it; "
                    "send a choice there, or remove it.").format(ending=eid))


def _no_feedback(w: _Warn) -> None:
    for nid, node in w.sc.nodes.items():
        for i, choice in enumerate(node.choices or []):
            if choice.feedback is None:
                w.add(w.pos(("nodes", nid, "choices", i)), "no-feedback",
                      _("this choice has no `feedback`; add a line from the coach saying why it helps or hurts "
                        "(shown after the choice in practice mode, and in the debrief)."))


def _focus_unscored(w: _Warn) -> None:
    scored = {pid for node in w.sc.nodes.values() for c in node.choices or [] for pid, v in c.score.items() if v}
    for i, pid in enumerate(w.sc.focus):
        if pid not in scored:
            w.add(w.pos(("focus", i)), "focus-unscored",
                  _("`{principle}` is in `focus`, but no choice scores it; add `score: {{{principle}: ...}}` to "
                    "some choices, or take it out of `focus`.").format(principle=pid))


def _effects(c: Choice) -> tuple[Any, ...]:
    """What a choice changes and where it leads; text, reply and feedback are not effects."""
    return (
        c.to,
        frozenset((k, v) for k, v in c.score.items() if v),
        frozenset((k, v) for k, v in c.rapport.items() if v),
        frozenset((k, int(v)) for k, v in c.set.items()),
        frozenset(c.patterns),
    )


def _cannot_matter(w: _Warn) -> None:
    for nid, node in w.sc.nodes.items():
        choices = node.choices or []
        if len(choices) < 2:
            continue
        if len({_effects(c) for c in choices}) == 1:
            w.add(w.pos(("nodes", nid, "choices"), key=True), "choice-cannot-matter",
                  (_("both choices of node `{node}` lead to `{to}` with the same effects, so the choice cannot "
                     "matter; give them different scores, rapport, flags or destinations.") if len(choices) == 2
                   else _("all {n} choices of node `{node}` lead to `{to}` with the same effects, so the choice "
                          "cannot matter; give them different scores, rapport, flags or destinations."))
                  .format(n=len(choices), node=nid, to=choices[0].to))


def _settable(flag: str, principles: set[str]) -> str:
    """A flag name a choice can set and a condition can read, as close as can be to `flag` (`Met` -> `met`)."""
    name = re.sub(r"[^a-z0-9_]+", "_", flag.lower())
    return name if unreadable_flag(name) is None and name not in principles else f"{name}_flag"


def _flags_never_set(w: _Warn) -> None:
    sc = w.sc
    set_flags = {flag for node in sc.nodes.values() for c in node.choices or [] for flag in c.set}
    pack = sc.pack
    principles = set(getattr(pack, "principles", None) or ())
    options = set_flags | principles
    for path, cond in _placed_conditions(sc):
        for flag in sorted(cond.flags - set_flags, key=lambda f: cond.flag_offsets.get(f, 0)):
            offset = cond.flag_offsets.get(flag, 0)
            at = w.doc.column_of(path, offset) if w.doc is not None else (1, 1)
            hint = did_you_mean(flag, options - {flag})
            if flag in sc.characters:
                hint = _(" (did you mean `{flag}.rapport`?)").format(flag=flag)
            valid = _settable(flag, principles)
            if valid == flag:
                fix = _("fix the name, or add `set: {{{flag}: true}}` to the choice that earns it").format(flag=flag)
            elif valid in set_flags:  # reads `Met`, sets `met`
                fix = _("flag names are lowercase, so write `{valid}` here").format(valid=valid)
            else:  # `Met`: `set: {Met: true}` would not load; flag names are lowercase
                fix = _("flag names are lowercase, so fix the name, or write `{valid}` here and add "
                        "`set: {{{valid}: true}}` to the choice that earns it").format(valid=valid)
            w.add(at, "flag-never-set",
                  _("the condition reads flag `{flag}`{hint}, but no choice sets it, so it is always "
                    "false (0); {fix}.").format(flag=flag, hint=hint, fix=fix))


def _placed_conditions(sc: Scenario) -> list[tuple[Path, Condition]]:
    """Every parsed `if`, then every `requires` (a misspelt flag there would make the claim never hold)."""
    out: list[tuple[Path, Condition]] = []
    for nid, node in sc.nodes.items():
        for where, field, count in (("choice", "choices", len(node.choices or [])),
                                    ("branch", "branch", len(node.branch or []))):
            for i in range(count):
                cond = sc.condition(nid, where, i)
                if isinstance(cond, Condition):
                    out.append((("nodes", nid, field, i, "if"), cond))
    for kind, ids in (("nodes", sc.nodes), ("endings", sc.endings)):
        for target in ids:
            req = sc.requirement(target)
            if isinstance(req, Condition):
                out.append(((kind, target, "requires"), req))
    return out


def _unreachable_branch(w: _Warn) -> None:
    for nid, node in w.sc.nodes.items():
        entries = node.branch or []
        for i, entry in enumerate(entries[:-1]):
            if entry.if_ is None:
                later = len(entries) - i - 1
                w.add(w.pos(("nodes", nid, "branch", i)), "unreachable-branch",
                      ngettext("this branch entry has no `if`, so it is always taken and the {n} entry after it "
                               "never are; give it an `if`, or move it to the end.",
                               "this branch entry has no `if`, so it is always taken and the {n} entries after "
                               "it never are; give it an `if`, or move it to the end.", later).format(n=later))
                break


def _mood_without_face(w: _Warn) -> None:
    """`mood` shows on a character's face: a narrator or `you` line, or a choice with no reply, has none."""
    for nid, node in w.sc.nodes.items():
        if node.mood is not None and node.speaker not in w.sc.characters:
            w.add(w.pos(("nodes", nid, "mood")), "mood-without-face",
                  _("`mood: {mood}` on a line spoken by `{speaker}`, where no character's face shows, "
                    "so it has no effect; remove it, or give the line to a character.")
                  .format(mood=node.mood, speaker=node.speaker))
        for i, choice in enumerate(node.choices or []):
            if choice.mood is not None and choice.reply is None:
                w.add(w.pos(("nodes", nid, "choices", i, "mood")), "mood-without-face",
                      _("`mood: {mood}` on a choice with no `reply`, so no character reacts and it has no "
                        "effect; add a `reply`, or remove the mood.").format(mood=choice.mood))


_RULES = (_unreachable, _no_feedback, _focus_unscored, _cannot_matter, _flags_never_set, _unreachable_branch,
          _mood_without_face)

CODES = ("unreachable-node", "unreachable-ending", "no-feedback", "focus-unscored", "choice-cannot-matter",
         "flag-never-set", "unreachable-branch", "all-choices-conditional",
         "mood-without-face")


def static_warnings(sc: Scenario) -> list[Finding]:
    """Every static warning for a scenario that loaded, in file order."""
    w = _Warn(sc)
    for rule in _RULES:
        rule(w)
    return sorted(w.out, key=lambda f: (f.line, f.column, f.code))


__all__ = ["CODES", "reachable", "static_warnings"]
