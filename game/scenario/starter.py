"""`rapport new`: a commented starter scenario that validates as written."""

from __future__ import annotations

import re

STARTER = """\
# {title}
# A Rapport scenario. Check it with:   rapport validate {filename}
# Play it in the terminal with:         rapport play --text {filename}
# The full guide is docs/authoring.md.

title: {title}
summary: One sentence that tells the player what this situation is.
goal: What the player should leave with (shown in the briefing).
setting: career_fair          # career_fair, mixer, coffee_shop, video_call, office, home_office, conference
difficulty: beginner          # beginner, intermediate or advanced
minutes: 5
focus: [first_impression, communication]   # the principles this scenario trains

characters:
  sam:                        # an id: lowercase letters, digits, _ and -
    name: Sam Rivera
    role: Hiring manager

nodes:
  arrive:                     # the first node is where the scenario starts
    speaker: narrator         # narrator, you, or a character id
    text: Sam is finishing a call as you walk up.
    choices:
      - text: Wait until Sam is free, then greet them by name.
        to: chat
        score: {{first_impression: 2}}
        rapport: {{sam: 1}}
        feedback: Waiting a moment shows you noticed they were busy.
      - text: Start talking about yourself straight away.
        to: chat
        score: {{first_impression: -2}}
        rapport: {{sam: -1}}
        pattern: bad_first_impression
        reply: "Oh. Hi. Give me one second."
        feedback: Talking over a call makes your first words about you, not them.

  chat:
    speaker: sam
    text: So, what can I do for you?
    choices:
      - text: Ask what Sam's team is working on this year.
        to: later
        score: {{communication: 2}}
        set: {{asked_about_team: true}}
        feedback: A question about their work invites a real conversation.
      - text: Recite your whole resume.
        to: later
        score: {{communication: -2}}
        pattern: hard_seller
        feedback: A monologue leaves no room for the other person.

  later:
    scene: The next day       # a scene-break card
    speaker: narrator
    text: You sit down to write to Sam.
    branch:                   # the first entry whose `if` holds; the last has no `if`
      - if: asked_about_team and sam.rapport >= 1
        to: warm
      - to: polite

endings:
  warm:
    title: A real connection
    text: Sam replies within the hour and suggests a coffee.
    outcome: success          # success, mixed or setback
  polite:
    title: A polite silence
    text: Sam is friendly, but the conversation does not go further.
    outcome: mixed
"""


def slug(name: str) -> str:
    """A file stem and id from whatever the instructor typed."""
    base = re.sub(r"\.ya?ml$", "", name.strip(), flags=re.I)
    s = re.sub(r"[^a-z0-9_-]+", "-", base.lower()).strip("-")
    return s or "my-scenario"


def starter_text(name: str) -> str:
    stem = slug(name)
    title = re.sub(r"[-_]+", " ", stem).strip().capitalize() or "My scenario"
    return STARTER.format(title=title, filename=f"{stem}.yaml")
