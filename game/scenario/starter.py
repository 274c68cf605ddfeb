"""`rapport new`: a commented starter scenario that validates as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema" / "scenario.schema.json"

STARTER = """\
{modeline}# {title}
# A Rapport scenario. Check it with:   rapport validate {filename}
# Play it in the terminal with:         rapport play --text {filename}
# The full guide is docs/authoring.md.{editor_note}

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


def schema_ref(target: Path | None, schema: Path = SCHEMA) -> str:
    """How a file at `target` names the schema: a path relative to it inside the repo, else an absolute one.

    VS Code's YAML extension resolves a relative `$schema=` from the file's folder and reads the value up to
    the first space, so a path with a space becomes a `file:` URL. Without a target, the absolute path.
    """
    schema = schema.resolve()
    if target is not None:
        folder = Path(os.path.abspath(target)).parent
        if folder.resolve().is_relative_to(schema.parents[1]):
            rel = Path(os.path.relpath(schema, folder.resolve())).as_posix()
            if not re.search(r"\s", rel):
                return rel
    return schema.as_uri() if re.search(r"\s", str(schema)) else str(schema)


def starter_text(name: str, target: str | os.PathLike[str] | None = None) -> str:
    """The starter file for `rapport new NAME`, written to `target`.

    Its first line points VS Code's YAML extension at the schema, for completion and inline errors (left
    out when the schema file is not there, as in an installed copy without the repository).
    """
    stem = slug(name)
    title = re.sub(r"[-_]+", " ", stem).strip().capitalize() or "My scenario"
    modeline = editor_note = ""
    if SCHEMA.is_file():
        ref = schema_ref(Path(target) if target is not None else None)
        modeline = f"# yaml-language-server: $schema={ref}\n"
        editor_note = "\n# The first line lets VS Code complete and check this file: see docs/editor-setup.md."
    return STARTER.format(modeline=modeline, editor_note=editor_note, title=title, filename=f"{stem}.yaml")
