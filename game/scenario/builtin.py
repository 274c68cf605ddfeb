"""The built-in principles and patterns: what Rapport scores, and the mistakes a debrief names."""

from __future__ import annotations

from functools import lru_cache

from game.scenario.model import Pattern, Principle

BACKGROUNDS = ("career_fair", "mixer", "coffee_shop", "video_call", "office", "home_office", "conference")

# Portrait keys the game draws itself (procedural presets), so a pack needs no PNGs to name one.
PORTRAITS = tuple(
    f"{role}_{n}"
    for role in ("recruiter", "student", "alumni", "manager", "engineer", "director", "founder", "mentor",
                 "host", "peer", "professor", "designer", "analyst", "speaker")
    for n in range(1, 5)
)

_PRINCIPLES = {
    "first_impression": (
        "First impression",
        "How you come across in the first moments, and whether that picture lasts.",
        "Prepare a little, greet the person before your agenda, and read the moment before you speak.",
    ),
    "communication": (
        "Communication",
        "Being clear and brief, asking and listening, and adjusting to the person in front of you.",
        "Ask one good question, then listen to the whole answer before you talk about yourself.",
    ),
    "reciprocity": (
        "Reciprocity",
        "Treating networking as a two-way street: shared ground, help offered, respect for everyone.",
        "Before you ask for anything, look for one thing you can offer or share.",
    ),
    "follow_through": (
        "Follow-through",
        "Following up at a sensible time, and keeping promises or explaining early when you can't.",
        "Write a promise down the moment you make it, and follow up within two days.",
    ),
    "authenticity": (
        "Authenticity",
        "Personal, specific messages in your own voice that remember the human on the other end.",
        "Mention one detail only this person would recognize, in the words you would use out loud.",
    ),
}

_PATTERNS = {
    "hard_seller": (
        "The Hard Seller", "communication",
        "Turns every exchange into a pitch about themselves, hoping volume will impress.",
        "Trade one fact about you for one question about them.",
    ),
    "self_server": (
        "The Self-Server", "reciprocity",
        "Only makes time for people who look useful to their career, and it shows.",
        "Give everyone your full attention; you rarely know who knows whom.",
    ),
    "poor_communicator": (
        "The Poor Communicator", "communication",
        "Rambles, dodges the question, or stops listening while waiting to talk.",
        "Answer the question asked in two or three sentences, then check in.",
    ),
    "bad_first_impression": (
        "The Bad First Impression", "first_impression",
        "Picks a bad moment, shows up unprepared, or forgets how they come across.",
        "Take a breath, read the room, and open with a greeting and your name.",
    ),
    "no_follow_up": (
        "Failure to Follow Up", "follow_through",
        "Lets a good conversation fade: never writes, writes far too late, or forgets.",
        "Send a short, specific note within a day or two while you are still remembered.",
    ),
    "gimme": (
        "The \"Gimme\" Syndrome", "reciprocity",
        "Every exchange is a request; nothing is offered back.",
        "Ask what the other person is working on and whether you can help.",
    ),
    "broken_promise": (
        "Undelivered Promise", "follow_through",
        "Offers an article, a contact or a favor, then never delivers or explains.",
        "Deliver what you offered, or say early and honestly why you can't.",
    ),
    "cookie_cutter": (
        "Connecting, but Not Connecting", "authenticity",
        "Sends generic, copy-paste invitations and messages that could go to anyone.",
        "Write each message for one person: where you met and why you want to stay in touch.",
    ),
}


@lru_cache(maxsize=1)
def principles() -> dict[str, Principle]:
    return {k: Principle(name=n, summary=s, tip=t) for k, (n, s, t) in _PRINCIPLES.items()}


@lru_cache(maxsize=1)
def patterns() -> dict[str, Pattern]:
    return {k: Pattern(name=n, principle=p, summary=s, tip=t) for k, (n, p, s, t) in _PATTERNS.items()}
