"""US English in what a player or an author sees (issue 13): every text of the shipped pack, and the game's
own user-visible strings (the string literals of game/, the built-in principles and patterns, the browser
page and its script). Code comments and docstrings may keep British spellings; they are not shown.

A failure names the file, the line and the word, so the fix is one edit.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from game.scenario import builtin, load_scenario
from tests.pack.british import BRITISH

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "scenarios"
GAME = REPO / "game"
WEB_STATIC = GAME / "web" / "static"

JS_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _docstring_lines(source: str) -> set[int]:
    """The first lines of the module, class and function docstrings (not shown to anyone)."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
                    first.value.value, str):
                lines.add(first.lineno)
    return lines


def british_in_python(source: str, name: str) -> list[str]:
    """`name:line: word` for every British spelling inside a string literal (docstrings and comments skipped)."""
    skip = _docstring_lines(source)
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and tok.start[0] not in skip:
            for m in BRITISH.finditer(tok.string):
                line = tok.start[0] + tok.string.count("\n", 0, m.start())
                found.append(f"{name}:{line}: {m.group(0)}")
    return found


def _blank(match: re.Match[str]) -> str:
    """A comment replaced by as many newlines as it held, so line numbers stay true."""
    return "\n" * match.group(0).count("\n")


def british_in_text(text: str, name: str, comments: re.Pattern[str] | None = None) -> list[str]:
    if comments is not None:
        text = comments.sub(_blank, text)
    return [f"{name}:{n}: {m.group(0)}" for n, line in enumerate(text.splitlines(), start=1)
            for m in BRITISH.finditer(line)]


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


# ------------------------------------------------------------------------------------------ the scanner

def test_the_scanner_finds_a_british_string_and_leaves_comments_and_docstrings_alone() -> None:
    source = ('"""We analyse things here."""\n'
              "# the colour of the card\n"
              "def f():\n"
              '    """Organise."""\n'
              '    return "Practise your opener"  # favour\n'
              'HELP = ("one line,\\n"\n'
              '        "then a centre line")\n')
    assert british_in_python(source, "x.py") == ["x.py:5: Practise", "x.py:7: centre"]
    assert british_in_text("ok\n<!-- colour -->\n<p>Your behaviour</p>\n", "x.html", HTML_COMMENT) == [
        "x.html:3: behaviour"]
    assert british_in_text("/* a\ncolour */\nsay('travelled');\n", "x.js", JS_COMMENT) == ["x.js:3: travelled"]


def test_the_spellings_the_issue_names_are_all_caught() -> None:
    words = ("favour colour behaviour apologise practise analyse organise realise recognise centre defence "
             "licence travelled honour programme catalogue whilst amongst favourite apologised").split()
    assert [w for w in words if not BRITISH.fullmatch(w)] == []
    assert [w for w in ("practice color favor analyze center license traveled whilom grayscale".split())
            if BRITISH.search(w)] == []


# ------------------------------------------------------------------------------------------ what ships

def test_every_text_of_the_shipped_pack_is_us_english() -> None:
    found = []
    for path in sorted(PACK.glob("*.y*ml")):
        found += british_in_text(path.read_text(encoding="utf-8"), _rel(path))
        if path.name not in ("pack.yaml", "pack.yml"):
            load_scenario(path)  # a file the scan reads is one the game loads
    assert found == [], "British spellings in the pack (file:line: word): " + "; ".join(found)


def test_the_games_user_visible_strings_are_us_english() -> None:
    found = []
    for path in sorted(GAME.rglob("*.py")):
        found += british_in_python(path.read_text(encoding="utf-8"), _rel(path))
    for path in sorted(WEB_STATIC.glob("*.js")):
        found += british_in_text(path.read_text(encoding="utf-8"), _rel(path), JS_COMMENT)
    for path in sorted(WEB_STATIC.glob("*.html")):
        found += british_in_text(path.read_text(encoding="utf-8"), _rel(path), HTML_COMMENT)
    assert found == [], "British spellings in user-visible strings (file:line: word): " + "; ".join(found)


def test_the_built_in_principles_and_patterns_are_us_english() -> None:
    records = {**builtin.principles(), **builtin.patterns()}
    texts = [(rid, v) for rid, r in records.items() for v in (getattr(r, n) for n in dir(r) if not n.startswith("_"))
             if isinstance(v, str)]
    assert len(records) >= 13 and len(texts) >= 26, "the built-in principles and patterns were not read"
    found = [f"{rid}: {m.group(0)}" for rid, t in texts for m in BRITISH.finditer(t)]
    assert found == [], "British spellings in the built-in principles and patterns: " + "; ".join(found)
