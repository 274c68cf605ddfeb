"""docs/authoring.md is tested: its YAML examples load (or fail exactly as it says), its console sessions
give the output it shows, and its tables agree with the code.

How the guide marks its examples (HTML comments, invisible when the Markdown is rendered), placed on the
lines just before a fenced block:

    <!-- fragment -->                    a piece of a file: must be valid YAML, need not load
    <!-- fragment: FILE -->              ... and every line of it appears in the final FILE of the tutorial
    <!-- file: PATH -->                  the tutorial's file at PATH (in one workspace, in document order)
    <!-- expect-error: CODE LINE:COL --> loading fails with exactly these errors (one comment each)
    <!-- expect-warning: CODE LINE:COL -->  lint gives exactly these warnings (one comment each)
    <!-- edit: PATH {"old": ..., "new": ...} -->  a change the reader makes by hand, applied in order
    <!-- exit: N -->                     the commands of the next console block exit with N (default 0)
    <!-- conditions: characters=a,b nodes=c,d -->  each line of the next block is a condition that compiles

A ```yaml block with no `fragment` or `file` is a whole scenario on its own, loaded as `example.yaml`; a
```text block right after it that shows `example.yaml:` messages must match them exactly. Every ```console
block is run: `$ rapport ...` through `python -m game`, plus `mkdir` and `cp`; the lines shown below a
command (except `...`) must appear in its output, in order. Answers to `play` prompts are read from the
shown prompts (`Your choice (1-3): 2`).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.engine.analysis import lint_findings
from game.scenario import builtin
from game.scenario.errors import Finding
from game.scenario.expr import Names, compile_condition
from game.scenario.lint import check_paths
from game.scenario.pack import load_pack_meta
from game.scenario.yamlread import parse

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "authoring.md"
TEXT = GUIDE.read_text(encoding="utf-8")

_FENCE = re.compile(r"^```(\w*)\s*$")
_DIRECTIVE = re.compile(r"^<!--\s*([a-z-]+)\s*(?::\s*(.*?))?\s*-->\s*$")
_KNOWN = {"fragment", "file", "expect-error", "expect-warning", "edit", "exit", "conditions"}


@dataclass
class Block:
    lang: str
    text: str
    line: int  # line of the opening fence in the guide
    directives: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str) -> list[str]:
        return [arg for d, arg in self.directives if d == name]

    def has(self, name: str) -> bool:
        return any(d == name for d, _ in self.directives)

    @property
    def id(self) -> str:
        return f"{self.lang or 'plain'}@{self.line}"


def blocks(text: str = TEXT) -> list[Block]:
    out: list[Block] = []
    pending: list[tuple[str, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if m:
            start = i
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append(Block(m.group(1), "\n".join(body) + "\n", start + 1, pending))
            pending = []
        else:
            d = _DIRECTIVE.match(line.strip())
            if d:
                name, arg = d.group(1), (d.group(2) or "")
                assert name in _KNOWN, f"docs/authoring.md:{i + 1}: unknown directive `{name}`"
                pending.append((name, arg))
            elif line.strip() and pending and not line.startswith("<!--"):
                raise AssertionError(f"docs/authoring.md:{i + 1}: a directive is not followed by a code block")
        i += 1
    return out


BLOCKS = blocks()
YAML = [b for b in BLOCKS if b.lang == "yaml"]
STANDALONE = [b for b in YAML if not b.has("fragment") and not b.has("file")]
FRAGMENTS = [b for b in YAML if b.has("fragment")]


def _positions(arg: str) -> tuple[str, int, int]:
    code, pos = arg.split()
    line, col = pos.split(":")
    return code, int(line), int(col)


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", NO_COLOR="1", PYTHONPATH=str(REPO),
               RAPPORT_DATA_DIR=str(tmp / ".data"), RAPPORT_CONFIG_DIR=str(tmp / ".config"),
               COLUMNS="80")  # the transcripts show an 80-column terminal
    return env


def _lint(path: Path) -> list[Finding]:
    return check_paths([path], with_warnings=True, extra=[lint_findings])


def _next_block(b: Block) -> Block | None:
    i = BLOCKS.index(b)
    return BLOCKS[i + 1] if i + 1 < len(BLOCKS) else None


# ---------------------------------------------------------------------------------------------- shape

def test_guide_has_examples_of_every_kind() -> None:
    assert len(STANDALONE) >= 4
    assert len(FRAGMENTS) >= 5
    assert any(b.has("expect-error") for b in YAML)
    assert any(b.has("expect-warning") for b in YAML)
    assert sum(b.lang == "console" for b in BLOCKS) >= 8


def test_directives_only_mark_code_blocks_they_apply_to() -> None:
    for b in BLOCKS:
        names = {d for d, _ in b.directives}
        if b.lang == "console":
            assert names <= {"edit", "exit"}, b.id
        elif b.lang == "text":
            assert names <= {"conditions"}, b.id
        elif b.lang == "yaml":
            assert "conditions" not in names and "exit" not in names, b.id
            assert not ({"fragment", "file"} <= names), b.id
        else:
            assert not names, b.id


def test_the_guide_names_no_yaml_features_the_game_refuses() -> None:
    for b in YAML:
        assert "\t" not in b.text, b.id


# ------------------------------------------------------------------------------------- yaml examples

@pytest.mark.parametrize("block", FRAGMENTS, ids=lambda b: b.id)
def test_fragment_is_valid_yaml(block: Block) -> None:
    parse(block.text, f"authoring.md:{block.line}")


@pytest.mark.parametrize("block", STANDALONE, ids=lambda b: b.id)
def test_whole_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.yaml").write_text(block.text, encoding="utf-8")
    found = _lint(Path("example.yaml"))
    errors = sorted((f.code, f.line, f.column) for f in found if f.severity == "error")
    warns = sorted((f.code, f.line, f.column) for f in found if f.severity == "warning")
    assert errors == sorted(_positions(a) for a in block.get("expect-error")), [str(f) for f in found]
    if not errors:
        assert warns == sorted(_positions(a) for a in block.get("expect-warning")), [str(f) for f in found]
    shown = _next_block(block)
    if shown is not None and shown.lang == "text" and shown.text.startswith("example.yaml:"):
        wanted = [f for f in found if f.severity == "error"] if errors else found
        assert shown.text.splitlines() == [str(f) for f in wanted]


# ------------------------------------------------------------------------------ the tutorial, in order

_PROMPT = re.compile(r"^(?:Your choice|Choose a scenario) \([^)]*\): (\S+)$")


def _run_console(block: Block, work: Path) -> None:
    want_status = int(block.get("exit")[0]) if block.get("exit") else 0
    commands: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"{block.id}: output before any `$ ` command"
            commands[-1][1].append(line)
    assert commands, f"{block.id}: a console block with no command"
    for command, shown in commands:
        argv = shlex.split(command)
        where = f"docs/authoring.md:{block.line}: `{command}`"
        if argv[0] == "mkdir":
            for d in argv[1:]:
                (work / d).mkdir(parents=True, exist_ok=True)
            continue
        if argv[0] == "cp":
            *sources, dest = argv[1:]
            for s in sources:
                shutil.copy(work / s, work / dest)
            continue
        assert argv[0] == "rapport", f"{where}: only rapport, mkdir and cp can run here"
        answers = [m.group(1) for m in map(_PROMPT.match, shown) if m]
        proc = subprocess.run(
            [sys.executable, "-m", "game", *argv[1:]], cwd=work, env=_env(work), capture_output=True,
            text=True, input="".join(a + "\n" for a in answers), timeout=120,
        )
        actual = [line.rstrip() for line in (proc.stdout + proc.stderr).splitlines()]
        assert proc.returncode == want_status, f"{where}: exit status {proc.returncode}\n" + "\n".join(actual)
        at = 0
        for expected in shown:
            expected = expected.rstrip()
            if not expected or expected in ("...", "…"):
                continue
            while at < len(actual) and actual[at] != expected:
                at += 1
            assert at < len(actual), f"{where}: this line was not in the output (in order):\n  {expected}\n" \
                                     "Output:\n" + "\n".join(actual)
            at += 1


def _check_file(block: Block, path: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(work)
    rel = path.relative_to(work)
    if path.name in ("pack.yaml", "principles.yaml"):
        pack = load_pack_meta(path.parent)
        assert not pack.findings, [str(f) for f in pack.findings]
        return
    found = _lint(rel)
    got = sorted((f.code, f.line, f.column) for f in found)
    wanted = sorted(_positions(a) for a in block.get("expect-error") + block.get("expect-warning"))
    assert got == wanted, f"docs/authoring.md:{block.line}: " + "\n".join(str(f) for f in found)


def test_tutorial_runs_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file the tutorial writes, every edit it asks for and every command it shows, in order."""
    work = tmp_path / "work"
    work.mkdir()
    ran = 0
    for block in BLOCKS:
        for arg in block.get("edit"):
            name, _, payload = arg.partition(" ")
            change = json.loads(payload)
            target = work / name
            text = target.read_text(encoding="utf-8")
            assert text.count(change["old"]) == 1, f"docs/authoring.md:{block.line}: edit of {name} is ambiguous"
            target.write_text(text.replace(change["old"], change["new"]), encoding="utf-8")
        if block.lang == "yaml" and block.has("file"):
            path = work / block.get("file")[0]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
            _check_file(block, path, work, monkeypatch)
        elif block.lang == "console":
            _run_console(block, work)
            ran += 1
    assert ran >= 8
    # Fragments of a tutorial file show lines of its final version.
    for block in FRAGMENTS:
        for name in filter(None, block.get("fragment")):
            final = {line.strip() for line in (work / name).read_text(encoding="utf-8").splitlines()}
            for line in block.text.splitlines():
                assert not line.strip() or line.strip() in final, \
                    f"docs/authoring.md:{block.line}: not in the final {name}: {line.strip()}"
    # The tutorial ends with a scenario that lints clean.
    monkeypatch.chdir(work)
    assert _lint(Path("my-pack")) == []


def test_every_tutorial_file_block_is_used() -> None:
    names = {b.get("file")[0] for b in YAML if b.has("file")}
    assert "hallway-chat.yaml" in names
    assert "my-pack/pack.yaml" in names


# -------------------------------------------------------------------------------- the condition language

def _names(arg: str) -> Names:
    parts = dict(p.split("=", 1) for p in arg.split())
    return Names(frozenset(builtin.principles()), frozenset(parts.get("characters", "").split(",")),
                 frozenset(parts.get("nodes", "").split(",")))


def _table(heading: str, has_header: bool = True) -> list[list[str]]:
    """The rows of the first table after `heading`, as cells (with `\\|` read as `|`)."""
    section = TEXT.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            break
    return rows[1:] if has_header else rows


_CONDITION_SCENARIO = """\
title: Conditions
summary: One condition under test.
characters:
  dana: {{name: Dana}}
nodes:
  small_talk:
    speaker: dana
    text: Hello.
    next: panel
  panel:
    speaker: dana
    text: Well?
    choices:
      - text: Under test.
        if: {condition}
        to: done
        feedback: f
      - text: Always there.
        to: done
        score: {{reciprocity: 1}}
        feedback: f
endings:
  done: {{title: Done, text: Done., outcome: success}}
"""


def _code(cell: str) -> str:
    assert cell.startswith("`") and cell.endswith("`"), cell
    return cell[1:-1]


def _condition_errors(condition: str, tmp: Path) -> list[Finding]:
    """Errors for a scenario with `if: CONDITION` written exactly as given (YAML quoting included)."""
    path = tmp / "c.yaml"
    path.write_text(_CONDITION_SCENARIO.format(condition=condition), encoding="utf-8")
    return [f for f in _lint(path) if f.severity == "error"]


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.has("conditions")], ids=lambda b: b.id)
def test_condition_examples_load_as_written(block: Block, tmp_path: Path) -> None:
    names = _names(block.get("conditions")[0])
    for line in filter(None, map(str.strip, block.text.splitlines())):
        compile_condition(line, names)
        assert [str(f) for f in _condition_errors(line, tmp_path)] == [], line  # unquoted, after `if:`


def test_operator_table_examples_load_as_written(tmp_path: Path) -> None:
    rows = _table("### Operators")
    assert {r[0] for r in rows} >= {"`==` `!=`", "`not`", "`and`", "`or`"}
    for _op, _meaning, examples in rows:
        for ex in re.findall(r"`([^`]+)`", examples):
            assert [str(f) for f in _condition_errors(ex.replace("maya", "dana"), tmp_path)] == [], ex


@pytest.mark.parametrize("row", _table("### Errors in conditions"), ids=lambda r: r[0])
def test_condition_error_table(row: list[str], tmp_path: Path) -> None:
    wrote, says, instead = row
    if wrote == "`!met`":  # unquoted, YAML reads it as a tag, as the guide warns
        assert [f.code for f in _condition_errors("!met", tmp_path)] == ["yaml-tag"]
    found = _condition_errors(json.dumps(_code(wrote)), tmp_path)  # quoted: `!met` is a YAML tag otherwise
    assert [f.code for f in found] == ["bad-expression"], [str(f) for f in found]
    for part in says.split("..."):
        part = part.strip().removeprefix("(").removesuffix(")")
        assert part in found[0].message, (part, found[0].message)
    suggestion = re.fullmatch(r"`([^`]+)`", instead)
    if suggestion is not None:  # the suggested fix loads without errors
        assert [str(f) for f in _condition_errors(suggestion.group(1), tmp_path)] == []


def test_precedence_as_documented() -> None:
    from typing import Any

    from game.engine.rules import PlayState

    names = Names(frozenset(builtin.principles()), frozenset({"dana"}), frozenset())
    state: Any = PlayState(flags={"a": True, "b": False, "c": False}, scores={}, rapport={"dana": 3}, visited=set())
    assert compile_condition("a or b and c", names)(state) is True  # a or (b and c)
    assert compile_condition("not dana.rapport > 2", names)(state) is False  # not (rapport > 2)
    state.rapport["dana"] = -1
    assert compile_condition("dana.rapport", names)(state) is True  # not 0, so it holds


# ----------------------------------------------------------------------------- tables against the code

_SOURCES = ["game/scenario/check.py", "game/scenario/validate.py", "game/scenario/yamlread.py",
            "game/scenario/lint_rules.py", "game/scenario/lint.py", "game/scenario/pack.py", "game/scenario/images.py",
            "game/engine/analysis.py", "game/engine/ending_grades.py",
            "game/engine/claims.py", "game/engine/met.py"]


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for rel in _SOURCES:
        src = (REPO / rel).read_text(encoding="utf-8")
        codes |= set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', src))
        codes |= set(re.findall(r'"(?:error|warning)",\s*"([a-z-]+)"', src))  # Finding(..., "error", "code")
        codes |= set(re.findall(r'_err\(\s*[\w.]+,\s*(?:\([^()]*\)|_mark\([^()]*\)|[\w.]+),\s*"([a-z-]+)"', src))
        codes |= set(re.findall(r'self\.error\(\s*(?:[\w.]+(?:\s*\+\s*\([^()]*\))?|\([^()]*\)),\s*"([a-z-]+)"', src))
    return codes - {"utf-8"}


def _documented_codes() -> dict[str, str]:
    """code -> the section it is documented in (Errors or Warnings)."""
    part = TEXT.split("## Part 5.", 1)[1].split("## Part 6.", 1)[0]
    errors, warnings = part.split("### Warnings", 1)
    out: dict[str, str] = {}
    for name, section in (("error", errors.split("### Errors", 1)[1]), ("warning", warnings)):
        for line in section.splitlines():
            m = re.match(r"^\| ((?:`[a-z-]+`(?:, )?)+) \|", line)
            if m:
                for code in re.findall(r"`([a-z-]+)`", m.group(1)):
                    out[code] = name
    return out


def test_every_finding_code_is_documented_once_in_the_right_table() -> None:
    in_code = _codes_in_source()
    documented = _documented_codes()
    assert len(in_code) >= 40
    assert sorted(in_code - set(documented)) == [], "codes the guide does not explain"
    assert sorted(set(documented) - in_code) == [], "codes the guide explains that the game never reports"
    from game.scenario.lint_rules import CODES

    for code in CODES + ("condition-never-holds", "empty-pack"):
        assert documented[code] == "warning", code
    for code in ("yaml-syntax", "unknown-target", "loop", "bad-expression", "not-found", "encoding"):
        assert documented[code] == "error", code


def test_builtin_principles_and_patterns_match() -> None:
    rows = {_code(r[0]): r for r in _table("### Built-in principles and patterns")}
    for pid, p in builtin.principles().items():
        assert rows[pid][1] == p.name
    header = "| id | pattern | principle | the mistake |"
    assert header in TEXT
    pattern_rows = {_code(r[0]): r for r in _table(header, has_header=False)}
    assert set(pattern_rows) == set(builtin.patterns())
    for pid, pat in builtin.patterns().items():
        assert pattern_rows[pid][1] == pat.name
        assert pattern_rows[pid][2] == pat.principle


def test_builtin_assets_match() -> None:
    bg = TEXT.split("The built-in backgrounds are:", 1)[1].strip().splitlines()[0]
    assert re.findall(r"`([a-z_]+)`", bg) == list(builtin.BACKGROUNDS)
    roles = {k.rsplit("_", 1)[0] for k in builtin.PORTRAITS}
    numbers = {k.rsplit("_", 1)[1] for k in builtin.PORTRAITS}
    portrait_section = TEXT.split("### Portraits (`portrait`)", 1)[1].split("so `recruiter_1`", 1)[0]
    portrait_section = portrait_section.split("ROLE is one of:", 1)[1]
    assert set(re.findall(r"`([a-z]+)`", portrait_section)) == roles
    assert numbers == {"1", "2", "3", "4"} and "N is 1 to 4" in TEXT


def test_field_tables_list_every_model_field() -> None:
    from game.scenario import model
    from game.scenario.declare import yaml_names

    def documented(heading: str) -> set[str]:
        return {_code(r[0]) for r in _table(heading) if r[0].startswith("`")}

    assert documented("### The scenario file") == set(yaml_names(model.Scenario))
    assert documented("### Characters") == set(model.Character.DECLARED)
    node_fields = set(yaml_names(model.Node))
    section = TEXT.split("### Nodes", 1)[1].split("### Choices", 1)[0]
    in_node_table = set(re.findall(r"^\| `([a-z]+)` \|", section, re.M))
    assert in_node_table == node_fields
    assert documented("### Choices") == set(yaml_names(model.Choice))
    assert documented("### Endings") == set(model.Ending.DECLARED)
    pack_para = TEXT.split("#### pack.yaml", 1)[1].split("####", 1)[0]
    for name in model.PackInfo.DECLARED:
        assert f"`{name}`" in pack_para, name


def test_situation_table_matches_the_shipped_examples() -> None:
    from game.scenario import load_scenario

    by_name = {p.name.lower(): pid for pid, p in builtin.principles().items()}
    rows = _table("| situation | focus | tempting mistakes | example |", has_header=False)
    assert len(rows) == 8
    for _situation, focus, mistakes, example in rows:
        sc = load_scenario(REPO / "scenarios" / _code(example))
        assert [by_name[f.strip()] for f in focus.split(",")] == sc.focus, example
        shown = {p for node in sc.nodes.values() for c in node.choices or [] for p in c.patterns}
        assert set(re.findall(r"`([a-z_]+)`", mistakes)) <= shown, example


def test_internal_links_point_at_headings() -> None:
    def slug(heading: str) -> str:  # GitHub's rule: lower case, punctuation dropped, spaces to hyphens
        return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")

    outside_code = re.sub(r"```.*?```", "", TEXT, flags=re.S)
    anchors = {slug(h) for h in re.findall(r"^#{1,6} (.+)$", outside_code, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", TEXT))
    assert links and links <= anchors, sorted(links - anchors)
