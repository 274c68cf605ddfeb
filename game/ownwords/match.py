"""Map typed text onto the nearest authored choice, and say how sure that is.

Each choice is represented by its `text`, the same text without its leading stage verb ("Ask what
her team..." becomes "what her team...", closer to what a player would say out loud), the clauses
of a long text (a player types one part of "Wait a few steps back, reread your notes, and..."), and
its `examples`. A choice's similarity to the typed text is the best of those. The match is
*confident* when the best choice is similar enough (`THRESHOLD`) and clearly ahead of the runner-up
(`MARGIN`); otherwise the game says it is not sure and offers the top two.

Embeddings barely see "not", so the matcher also checks polarity (`game.ownwords.negation`): when
the typed text denies what the best choice affirms, or affirms what it denies ("I did not apply"
against "Say you applied on Saturday"), that choice is *contradicted*. A contradicted best choice is
never confident. If a choice that is not contradicted scores within `RESCUE` of it, that choice is
put first and the contradicted one becomes the runner-up (so the runner-up's similarity can then be
the higher one); otherwise the contradicted choice stays first and the runner-up is the best choice
that is not contradicted, and the game offers both, not sure either way.

The figures are checked against `tests/ownwords/paraphrases.yaml` (the shipped pack: no other
threshold or margin between 0.30-0.45 and 0.03-0.08 did better on both accuracy and rejection);
`tests/ownwords/test_accuracy.py` holds the accuracy and `make bench` reports the speed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from game.ownwords.negation import Polarity, polarity

THRESHOLD = 0.36  # below this, the text is probably about something else
MARGIN = 0.05  # the best must lead the runner-up by this much
RESCUE = 0.25  # a contradicted best choice gives way to one this close that is not contradicted
SIMILAR = 0.92  # lint: two choices of one node this close cannot be told apart

_STAGE = re.compile(
    r"^(?:politely |gently |quickly |briefly |calmly |honestly |warmly |simply |just )?"
    r"(?:ask|say|tell (?:him|her|them)|tell|mention|explain|offer|admit|suggest|point out|thank (?:him|her|them)"
    r"|thank|reply|answer|write|send|text|email|promise|share|describe|apologize|agree|propose|add)"
    r"(?: (?:him|her|them|that|if|whether))?\b[ ,:]*",
    re.IGNORECASE)


_CLAUSE = re.compile(r"\s*(?:[,;:()]|\.\s|\s(?:and|while|so|then|before|but|because|instead of)\s)\s*", re.IGNORECASE)


_LEAD = re.compile(r"^(?:and|then|but|so|or)\s+", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """The parts of a long choice ("Wait a few steps back, reread your notes, and ...") of three words or more."""
    parts = [_LEAD.sub("", p.strip(" .!?")) for p in _CLAUSE.split(text)]
    return [p for p in parts if len(p.split()) >= 3] if len(parts) > 1 else []


def spoken_form(text: str) -> str:
    """The choice text without its leading stage verb: "Ask what she does" -> "what she does"."""
    stripped = _STAGE.sub("", text.strip(), count=1)
    return stripped if len(stripped) >= 8 else text


@dataclass(frozen=True)
class Candidate:
    """One choice that can be picked now: its id, its own wording, and other ways to say it."""

    choice_id: str
    text: str
    examples: tuple[str, ...] = ()

    def polarity(self) -> Polarity:
        """What the choice's own text and its examples affirm and deny."""
        return polarity(self.text, *self.examples)

    def phrasings(self) -> list[str]:
        parts = clauses(self.text)
        forms = [self.text, spoken_form(self.text), *parts, *(spoken_form(p) for p in parts), *self.examples]
        return list(dict.fromkeys(forms))


@dataclass(frozen=True)
class Match:
    """What the typed text became: the best choice, the runner-up, and whether to trust it."""

    text: str
    choice: str
    score: float
    runner_up: str | None
    runner_up_score: float | None
    confident: bool
    contradicted: tuple[str, ...] = ()  # choices whose polarity the typed text contradicts, best first

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "choice": self.choice, "score": round(self.score, 4),
                "runner_up": self.runner_up,
                "runner_up_score": None if self.runner_up_score is None else round(self.runner_up_score, 4),
                "confident": self.confident}


Embed = Callable[[list[str]], Any]  # texts -> (n, d) array of unit vectors


class Matcher:
    """Matches typed answers against one node's candidates; the candidates' vectors are computed once."""

    def __init__(self, candidates: Sequence[Candidate], embed: Embed) -> None:
        if not candidates:
            raise ValueError("a node with no available choice has nothing to match")
        self.candidates = list(candidates)
        self._embed = embed
        forms: list[str] = []
        self._owner: list[int] = []
        for i, c in enumerate(self.candidates):
            for f in c.phrasings():
                forms.append(f)
                self._owner.append(i)
        self._vectors = embed(forms)
        self._polarity = [c.polarity() for c in self.candidates]

    def scores(self, typed: str) -> list[float]:
        """Each candidate's similarity to `typed` (the best over its phrasings), in candidate order."""
        q = self._embed([typed])[0]
        sims = self._vectors @ q
        best = [-1.0] * len(self.candidates)
        for owner, s in zip(self._owner, sims.tolist()):
            if s > best[owner]:
                best[owner] = float(s)
        return best

    def match(self, typed: str) -> Match:
        scores = self.scores(typed)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        said = polarity(typed)
        against = [i for i in order if said.contradicts(self._polarity[i])]
        top = order[0]
        second = order[1] if len(order) > 1 else None
        if top in against:
            rescue = next((i for i in order if i not in against), None)
            if rescue is not None and scores[rescue] >= scores[top] - RESCUE:
                top, second = rescue, top
            elif rescue is not None:
                second = rescue  # offered beside it: the best choice that agrees with what was typed
        s1 = scores[top]
        s2 = scores[second] if second is not None else None
        confident = (s1 >= THRESHOLD and (s2 is None or s1 - s2 >= MARGIN)
                     and top == order[0] and top not in against)
        return Match(typed, self.candidates[top].choice_id, s1,
                     None if second is None else self.candidates[second].choice_id, s2, confident,
                     tuple(self.candidates[i].choice_id for i in against))


def too_similar(candidates: Sequence[Candidate], embed: Embed, limit: float = SIMILAR) -> list[tuple[str, str, float]]:
    """Pairs of choices whose own texts are so alike that typed answers could not tell them apart."""
    vecs = embed([c.text for c in candidates])
    sims = vecs @ vecs.T
    pairs = []
    for i in range(len(candidates)):
        for j in range(i + 1, len(candidates)):
            if float(sims[i, j]) >= limit:
                pairs.append((candidates[i].choice_id, candidates[j].choice_id, float(sims[i, j])))
    return pairs
