"""Workshop mode's data: the discussion prompt after a decision, and what every option would have led to.

Plain data, no pygame, so the projected screens and the tests read the same
answers. Every consequence comes from the engine: a throwaway `Session`
replays the class's choices to the same point and takes each option in turn
(`choose_index`), and the "strongest option" mark is the engine's own debrief
review. Nothing here adds up a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.i18n import N_, _

if TYPE_CHECKING:  # the engine loads when a workshop needs it, not with the widgets that letter the choices
    from game.engine.scoring import DecisionReview
    from game.engine.session import Beat, Mode, Session
    from game.scenario import Scenario

# A default prompt for each built-in principle, for decisions whose author wrote no `discuss:`.
# They ask the room to reason, not to guess the "right" letter.
PROMPTS: dict[str, str] = {  # marked with N_, translated when a prompt is made
    "first_impression": N_("Picture the first ten seconds from the other side. What did they notice before a "
                           "word was said, and what picture of us will they keep?"),
    "communication": N_("Who did most of the talking just now? What could we ask next, and what should we "
                        "listen for in the answer?"),
    "reciprocity": N_("What could we offer this person, even as a student? How would this look if it were a "
                      "two-way street?"),
    "follow_through": N_("What did we just commit to, even without saying so? When and how should the next "
                         "step happen, and what if we can't keep it?"),
    "authenticity": N_("Does this sound like a real person talking to another real person? How would you say "
                       "it in your own words?"),
}
# Choices stop at six per node, so A-F letters every option.
LETTERS = "ABCDEF"


def letter(number: int) -> str:
    """The workshop label of a 1-based option number: 1 -> A."""
    return LETTERS[number - 1] if 1 <= number <= len(LETTERS) else str(number)


GENERIC_PROMPT = N_("Why did the room choose this? What might the other person be thinking right now?")


@dataclass(frozen=True)
class Prompt:
    """The discussion card's question, and where it came from."""

    text: str
    source: str  # "author" (the node's `discuss:`) | "principle" | "generic"
    principle_id: str | None = None
    principle_name: str | None = None
    principle_summary: str | None = None


def principle_at_stake(scenario: Scenario, node_id: str) -> str | None:
    """The principle the choices at this node move most (largest total of effect sizes, ties in focus order).

    This picks a topic for the room to talk about; it does not score anyone.
    """
    node = scenario.nodes.get(node_id)
    if node is None or not node.choices:
        return None
    weight: dict[str, int] = {}
    for choice in node.choices:
        for pid, v in choice.score.items():
            weight[pid] = weight.get(pid, 0) + abs(v)
    weight = {p: w for p, w in weight.items() if w}
    if not weight:
        return None
    order = list(scenario.focus) + [p for p in weight if p not in scenario.focus]
    return max(weight, key=lambda p: (weight[p], -order.index(p)))


def prompt_for(scenario: Scenario, beat: Beat) -> Prompt:
    """The node's own `discuss:` if the author wrote one, else a default drawn from the principle at stake."""
    if beat.discuss:
        return Prompt(beat.discuss, "author")
    pid = principle_at_stake(scenario, beat.node_id)
    pack = scenario.pack
    from game.scenario import builtin

    principles: dict[str, Any] = pack.principles if pack is not None else builtin.principles()
    p = principles.get(pid) if pid is not None else None
    if pid is None or p is None:
        return Prompt(_(GENERIC_PROMPT), "generic")
    stock = builtin.principles().get(pid)
    if pid in PROMPTS and stock is not None and stock.name == p.name:
        text = _(PROMPTS[pid])
    else:  # a pack's own principle (or a built-in one the pack renamed): ask in its own words
        text = _("What does {principle} look like here?").format(principle=p.name)
    return Prompt(text, "principle", pid, p.name, p.summary)


@dataclass(frozen=True)
class Outcome:
    """What one option at a decision leads to, as the engine plays it."""

    number: int  # 1-based among the options on offer (A = 1)
    index: int  # 0-based in the file
    text: str
    reply: str | None
    reply_speaker: str | None
    feedback: str | None
    score: dict[str, int] = field(default_factory=dict)
    rapport: dict[str, int] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()
    next_speaker: str | None = None  # who speaks the next line, when the scenario goes on
    next_line: str | None = None
    next_scene: str | None = None
    ending_title: str | None = None
    ending_outcome: str | None = None
    best: bool = False  # the engine's strongest option here for the scenario's focus
    chosen: bool = False  # the class's choice (on the discussion card)


def _replayed(scenario: Scenario, mode: Mode, seed: int, taken: Sequence[int], in_order: bool) -> Session:
    from game.engine.session import Session

    s = Session(scenario, mode=mode, seed=seed, in_order=in_order)
    for index in taken:
        s.choose_index(index)
    return s


def outcomes(scenario: Scenario, taken: Sequence[int], *, mode: Mode = "practice", seed: int = 0,
             chosen: int | None = None, in_order: bool = False) -> list[Outcome]:
    """Every option at the decision reached by choosing file indexes `taken`, and where each one goes.

    `chosen` (a file index) marks the class's pick. Each option is played on its
    own throwaway session, so the real playthrough is never touched. Pass the
    playthrough's `seed` and `in_order`: the options come in the order (and
    under the letters) the room saw.
    """
    from game.engine.scoring import debrief

    base = _replayed(scenario, mode, seed, taken, in_order)
    try:
        if base.finished:
            return []
        options = base.options()
        step_no = len(base.log)
    finally:
        base.close()
    out: list[Outcome] = []
    best_index: int | None = None
    for opt in options:
        s = _replayed(scenario, mode, seed, taken, in_order)
        try:
            step = s.choose_index(opt.index)
            if best_index is None:
                reviews = debrief(s).decisions
                if len(reviews) > step_no:
                    best_index = reviews[step_no].best_index
        finally:
            s.close()
        d = step.decision
        first = next((b for b in step.beats if b.text), None)
        ending = step.ending
        out.append(Outcome(
            number=opt.number, index=opt.index, text=opt.text,
            reply=step.reply.text if step.reply is not None else None,
            reply_speaker=step.reply.speaker if step.reply is not None else None,
            feedback=d.feedback, score={p: v for p, v in d.score.items() if v},
            rapport={c: v for c, v in d.rapport.items() if v}, patterns=d.patterns,
            next_speaker=first.speaker if first is not None and ending is None else None,
            next_line=first.text if first is not None and ending is None else None,
            next_scene=next((b.scene for b in step.beats if b.scene), None) if ending is None else None,
            ending_title=ending.title if ending is not None else None,
            ending_outcome=ending.outcome if ending is not None else None,
            chosen=chosen is not None and opt.index == chosen,
        ))
    if best_index is not None:
        out = [o if o.index != best_index else Outcome(**{**o.__dict__, "best": True}) for o in out]
    return out


@dataclass(frozen=True)
class PathStep:
    """One decision on the class's path, for the end of a workshop run."""

    step: int
    prompt: str
    letter: str
    text: str
    was_best: bool
    best_text: str | None
    best_letter: str | None = None  # the strongest option's letter as the room saw it, when it was not chosen


def class_path(session: Session, reviews: Sequence[DecisionReview] | None = None) -> list[PathStep]:
    """The class's choices in order, lettered as the room saw them, with the engine's review of each.

    `reviews` is the debrief's `decisions` when the caller has it already.
    """
    from game.engine.scoring import debrief

    by_step = {r.step: r for r in (reviews if reviews is not None else debrief(session).decisions)}
    out = []
    for d in session.log:
        r = by_step.get(d.step)
        node = session.scenario.nodes.get(d.node_id)
        best_number = None if r is None or r.was_best else r.best_number
        out.append(PathStep(
            step=d.step, prompt=r.prompt if r is not None else (node.text if node is not None else ""),
            letter=letter(d.number), text=d.text, was_best=bool(r and r.was_best),
            best_text=None if r is None or r.was_best else r.best_text,
            best_letter=None if best_number is None else letter(best_number),
        ))
    return out
