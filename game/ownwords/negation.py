"""Negation in typed answers: which content words a sentence affirms, and which it denies.

Sentence embeddings barely see "not": "I did not apply" lands next to "Say you applied on Saturday".
This module gives the matcher a cheap, rule-based second opinion. A sentence is split into words;
a negation cue (not, n't, never, no, without, instead of, rather than, neither, nor, cannot) denies
the content words that follow it up to the end of its clause (a comma or other punctuation, or a
word such as "but", "and", "so", "because"). Every other content word is affirmed. Function words
and the most generic verbs (say, ask, do, get, want...) are ignored, and words are compared by a
crude stem ("applied", "apply" and "application" agree).

`Polarity.verdict(other)` counts the shared content words whose polarity agrees and those whose
polarity conflicts. The matcher treats a choice as contradicted when there is at least one conflict
and no more agreements than conflicts. This is a heuristic, with known limits: it does not know
antonyms ("off" against "on"), it reads one clause at a time (a negation that reaches over a comma
is lost), and it knows nothing of irony or double negation.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[,.;:!?()\"\u2014\u2013-]")
_BOUNDARY_WORDS = frozenset({"but", "and", "so", "because", "since", "though", "although", "while", "then",
                             "if", "when", "until", "before", "after", "unless", "whereas", "yet", "cause"})
_CUES = frozenset({"not", "n't", "never", "no", "without", "neither", "nor", "cannot"})
_PHRASE_CUES = {("instead", "of"), ("rather", "than")}
# "no" that is not a negation of what follows: "a no is fine", "no, ...".
_NO_NOT_CUE_AFTER = frozenset({"is", "was", "would", "thanks"})
_IRREGULAR = {
    "sent": "send", "wrote": "write", "written": "write", "told": "tell", "went": "go", "gone": "go",
    "got": "get", "gotten": "get", "made": "make", "met": "meet", "took": "take", "taken": "take",
    "came": "come", "gave": "give", "given": "give", "thought": "think", "brought": "bring",
    "kept": "keep", "left": "leave", "found": "find", "knew": "know", "known": "know", "heard": "hear",
    "spoke": "speak", "spoken": "speak", "forgot": "forget", "forgotten": "forget", "paid": "pay",
    "bought": "buy", "ran": "run", "chose": "choose", "chosen": "choose", "felt": "feel",
}
_STOP = frozenset("""
a an the this that these those it its it's i i'm i'd i'll i've me my mine myself you you're you'd you'll you've your
yours yourself he he's he'd he'll him his himself she she's she'd she'll her hers herself we we're we'd we'll we've
us our ours they they're they'd they'll they've them their theirs themselves one's there there's here what what's
which who whom whose where why how is am are was were be been being do does did doing done have has had having
will would shall should can could may might must ca wo sha of to in on at by for with about as from into onto
over under up down out off than too very just really quite also even only still yet again ever any anything
anyone anybody some something someone somebody every everything everyone nothing none all each both either
more most much many few less lot lots now today tonight then there again ok okay oh yes yeah hey hi hello
well sure please thanks thank maybe like say said saying tell telling do get make go going want
wanted wants need needs needed let lets think know feel seem seems try thing things way time bit kind
sort s t d ll re ve m fine gonna wanna whether
""".split())


def _fold(text: str) -> str:
    """Lower case, accents off ("Sofía" is "sofia"), curly apostrophes straight, "n't" split off."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("\u2019", "'")
    text = re.sub(r"\bcan't\b", "ca n't", text)
    text = re.sub(r"\bwon't\b", "wo n't", text)
    text = re.sub(r"\bshan't\b", "sha n't", text)
    text = re.sub(r"n't\b", " n't", text)
    return re.sub(r"\bcannot\b", "can not", text)


def stem(word: str) -> str:
    """A crude stem, good enough to tell that two forms are the same word."""
    word = _IRREGULAR.get(word, word)
    if re.search(r"(?:s|x|z|ch|sh)es$", word) and len(word) > 5:
        word = word[:-2]
    else:
        for suffix, repl in (("ations", ""), ("ation", ""), ("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""),
                             ("s", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: len(word) - len(suffix)] + repl
                break
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def same_word(a: str, b: str) -> bool:
    """Two stems of one word: equal, or one a prefix of the other of four letters or more."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and long_.startswith(short)


class Polarity:
    """The content words (as stems) a sentence affirms, and those it denies.

    A plain class, not a dataclass: this module is imported on the way to the first frame of
    `rapport play --own-words`, and a dataclass costs a millisecond or two to make.
    """

    __slots__ = ("affirmed", "denied")

    def __init__(self, affirmed: frozenset[str], denied: frozenset[str]) -> None:
        self.affirmed = affirmed
        self.denied = denied

    def __repr__(self) -> str:
        return f"Polarity(affirmed={sorted(self.affirmed)}, denied={sorted(self.denied)})"

    def verdict(self, other: Polarity) -> tuple[int, int]:
        """(agreements, conflicts) over the content words the two sentences share."""
        agree = conflict = 0
        for mine, same, opposite in ((self.affirmed, other.affirmed, other.denied),
                                     (self.denied, other.denied, other.affirmed)):
            for w in mine:
                in_same = any(same_word(w, o) for o in same)
                in_opposite = any(same_word(w, o) for o in opposite)
                if in_same and not in_opposite:
                    agree += 1
                elif in_opposite and not in_same:
                    conflict += 1
        return agree, conflict

    def contradicts(self, other: Polarity) -> bool:
        """True when `other` says the opposite of this about the words they share."""
        agree, conflict = self.verdict(other)
        return conflict > 0 and conflict >= agree


def polarity(*texts: str) -> Polarity:
    """The polarity of one or more sentences (a choice's text and its examples) taken together.

    A word affirmed in one and denied in another counts as neither: it says nothing either way.
    """
    affirmed: set[str] = set()
    denied: set[str] = set()
    for text in texts:
        tokens = _TOKEN.findall(_fold(text))
        in_scope = False
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not tok[0].isalpha() or tok in _BOUNDARY_WORDS:
                in_scope = False
            elif (tok, nxt) in _PHRASE_CUES:
                in_scope = True
                i += 1
            elif tok in _CUES:
                prev = tokens[i - 1] if i else ""
                in_scope = not (tok == "no" and (prev == "a" or nxt in _NO_NOT_CUE_AFTER or not nxt[:1].isalpha()))
            elif tok not in _STOP and len(tok) > 1:
                (denied if in_scope else affirmed).add(stem(tok))
            i += 1
    both = {w for w in affirmed if any(same_word(w, d) for d in denied)}
    both |= {d for d in denied if any(same_word(d, w) for w in affirmed)}
    return Polarity(frozenset(affirmed - both), frozenset(denied - both))
