"""The debrief's review column, as rows of text: the patterns, the class's path (workshop mode),
the other person's side, every decision beside the better one, and the `reflect` questions.

Each row is (text, role, weight, palette colour, gap above it in pixels); `DebriefScene` measures and
draws them. No drawing here, so what the review says can be read without a window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from game.i18n import _

if TYPE_CHECKING:
    from game.engine.scoring import Debrief
    from game.engine.session import Session

Row = tuple[str, str, str, str, int]
Spacing = Callable[[float], int]  # the scene's `sp`: a multiple of the spacing unit, in pixels


def pattern_rows(d: Debrief, heading: str, gap: int, sp: Spacing) -> list[Row]:
    """The mistake patterns under `heading` (`gap` above it): each name, what it is, and its tip."""
    rows: list[Row] = [(heading, "h3", "bold", "ink", gap)]
    for p in d.patterns:
        times = f" (×{p.count})" if p.count > 1 else ""
        rows.append((f"{p.name}{times}", "body", "bold", "bad", sp(1.25)))
        rows.append((p.summary, "body", "regular", "ink_muted", sp(0.25)))
        if p.tip:
            rows.append((_("Tip: {tip}").format(tip=p.tip), "body", "regular", "ink", sp(0.5)))
    return rows


def path_rows(d: Debrief, session: Session | None, sp: Spacing) -> list[Row]:
    """Workshop mode: the class's path first, each decision with the letter the room voted for."""
    from game.ui.workshop import class_path

    if session is None:
        return []
    rows: list[Row] = [(_("The class's path"), "h3", "bold", "ink", 0)]
    for p in class_path(session, d.decisions):  # compact, so a room can see the whole route at once
        prompt = f"{p.step + 1}. {p.prompt}"
        rows.append((prompt, "caption", "italic", "ink_muted", sp(2)))
        picked = (_("{letter} · {choice}  (strongest option)") if p.was_best else _("{letter} · {choice}")).format(
            letter=p.letter, choice=p.text)
        rows.append((picked, "body", "bold", "good" if p.was_best else "ink",
                     sp(0.5)))
        if p.best_text:
            strongest = (_("Strongest: {letter} · {choice}").format(letter=p.best_letter, choice=p.best_text)
                         if p.best_letter else _("Strongest: {choice}").format(choice=p.best_text))
            rows.append((strongest, "caption", "regular", "accent", sp(0.5)))
    return rows


def their_side_rows(d: Debrief, gap: int, sp: Spacing) -> list[Row]:
    """What the other person thought of the exchange (the ending's `perspective`), under "Their side"."""
    if not d.perspective:
        return []
    rows: list[Row] = [(_("Their side"), "h3", "bold", "ink", gap)]
    for p in d.perspective:
        rows.append((p.name, "body", "bold", "accent", sp(1.25)))
        rows.append((f"\u201c{p.text}\u201d", "body", "italic", "ink", sp(0.25)))
    return rows


def reflect_rows(d: Debrief, heading: str, gap: int, sp: Spacing) -> list[Row]:
    """The scenario's `reflect` question(s): the last thing on the debrief."""
    if not d.reflect:
        return []
    rows: list[Row] = [(heading, "h3", "bold", "ink", gap)]
    several = len(d.reflect) > 1
    for n, q in enumerate(d.reflect, start=1):
        rows.append((f"{n}. {q}" if several else q, "body", "regular", "ink", sp(1)))
    return rows


def review_rows(d: Debrief, workshop: bool, session: Session | None, sp: Spacing) -> list[Row]:
    """The scrolling column: (text, role, weight, colour, top gap) rows."""
    rows: list[Row] = []
    if workshop:
        # The room's closing discussion comes first, where a projected screen shows it without scrolling.
        rows = reflect_rows(d, _("Closing discussion"), 0, sp)
        rows += their_side_rows(d, sp(3) if rows else 0, sp)
        path = path_rows(d, session, sp)
        if path and rows:
            path[0] = (*path[0][:4], sp(3))
        rows += path
        if d.patterns:
            rows += pattern_rows(d, _("Patterns the class showed"), sp(3), sp)
        return rows
    rows += their_side_rows(d, 0, sp)
    if d.patterns:
        rows += pattern_rows(d, _("Patterns you showed"), sp(3) if rows else 0, sp)
    else:
        rows.append((_("No mistake patterns this time"), "h3", "bold", "ink", sp(3) if rows else 0))
        rows.append((_("None of the classic networking mistakes showed up in your choices."),
                     "body", "regular", "ink_muted", sp(0.5)))
    rows.append((_("Decision by decision"), "h3", "bold", "ink", sp(3)))
    for r in d.decisions:
        prompt = f"{r.step + 1}. {r.prompt}"
        rows.append((prompt, "caption", "italic", "ink_muted", sp(2.5)))
        if r.said:  # answered in their own words: what they typed, beside the choice it became
            rows.append((_("You said: \u201c{said}\u201d").format(said=r.said), "body", "italic", "ink", sp(0.5)))
        if r.said:
            you = _("Taken as (best choice): {choice}") if r.was_best else _("Taken as: {choice}")
        else:
            you = _("You (best choice): {choice}") if r.was_best else _("You: {choice}")
        rows.append((you.format(choice=r.chosen_text), "body", "bold",
                     "good" if r.was_best else "ink", sp(0.5)))
        if not r.was_best:
            rows.append((_("Better: {choice}").format(choice=r.best_text), "body", "regular", "accent", sp(0.5)))
        note = r.feedback if r.was_best else (r.best_feedback or r.feedback)
        if note:
            rows.append((note, "caption", "regular", "ink_muted", sp(0.5)))
    rows += reflect_rows(d, _("To think about"), sp(3), sp)
    return rows
