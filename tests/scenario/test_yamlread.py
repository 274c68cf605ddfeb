"""yamlread: plain values with positions, and every YAML hazard refused fast, without a crash or running code."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.errors import ScenarioError
from game.scenario.yamlread import _CONSTRUCTOR, MAX_BYTES, MAX_DEPTH, read_bytes, read_file

from .conftest import run_python, run_rapport


def error_of(data: bytes | str) -> tuple[int, int, str, str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(ScenarioError) as info:
        read_bytes(raw, "f.yaml")
    assert len(info.value.findings) == 1
    f = info.value.findings[0]
    return f.line, f.column, f.code, f.message


def fast(fn: object, limit: float = 60.0) -> float:
    """Run `fn`; the limit only catches a bomb or a hang (the work itself takes milliseconds)."""
    start = time.perf_counter()
    assert callable(fn)
    fn()
    elapsed = time.perf_counter() - start
    assert elapsed < limit, f"took {elapsed:.2f} s"
    return elapsed


# ------------------------------------------------------------------ positions

def test_values_and_positions() -> None:
    doc = read_bytes(b"title: Booth\nnodes:\n  a:\n    choices:\n      - text: 'Hi'\n        to: b\n", "f.yaml")
    assert doc.value == {"title": "Booth", "nodes": {"a": {"choices": [{"text": "Hi", "to": "b"}]}}}
    assert doc.pos(("title",)) == (1, 8)
    assert doc.key_pos(("title",)) == (1, 1)
    assert doc.key_pos(("nodes", "a")) == (3, 3)
    assert doc.pos(("nodes", "a", "choices", 0)) == (5, 9)
    assert doc.pos(("nodes", "a", "choices", 0, "to")) == (6, 13)
    # A path the file does not have falls back to its nearest parent.
    assert doc.pos(("nodes", "a", "choices", 0, "feedback")) == (5, 9)
    # column_of skips an opening quote.
    assert doc.column_of(("nodes", "a", "choices", 0, "text"), 1) == (5, 17)


def test_crlf_and_bom_keep_positions() -> None:
    doc = read_bytes(b"\xef\xbb\xbftitle: A\r\nsummary: B\r\n", "f.yaml")
    assert doc.value == {"title": "A", "summary": "B"}
    assert doc.pos(("summary",)) == (2, 10)


def test_unusual_line_breaks_do_not_shift_lines() -> None:
    """U+2028 (pasted from the web) is a line break to YAML but not to an editor: it reads as a space."""
    doc = read_bytes("title: A\u2028B\nsummary: C\n".encode(), "f.yaml")
    assert doc.value["title"] == "A B"
    assert doc.pos(("summary",)) == (2, 10)


def test_plain_scalars_keep_their_source_text() -> None:
    doc = read_bytes(b"reply: No\nat: 1:20\nn: 3\nq: 'no'\n", "f.yaml")
    assert doc.value == {"reply": False, "at": 80, "n": 3, "q": "no"}
    assert doc.raw[("reply",)] == "No"
    assert doc.raw[("at",)] == "1:20"
    assert ("q",) not in doc.raw  # quoted: always text


def test_columns_count_characters_not_bytes() -> None:
    assert error_of("title: ééé: x\n")[:2] == (1, 11)
    assert error_of("title: ééé\x00\n")[:2] == (1, 11)


# ------------------------------------------------------------------ refusals

def test_duplicate_key_names_the_first_line() -> None:
    assert error_of("a: 1\nb: 2\na: 3\n") == (
        3, 1, "duplicate-key", "duplicate key `a`: the first was on line 1; keep one of them.")


def test_duplicate_key_in_flow_mapping() -> None:
    line, col, code, _ = error_of("score: {x: 1, x: 2}\n")
    assert (line, col, code) == (1, 15, "duplicate-key")


def test_tabs() -> None:
    assert error_of("title: x\nnodes:\n\ta: 1\n") == (3, 1, "yaml-syntax", "Tabs can't indent YAML; use spaces.")


def test_several_documents() -> None:
    line, col, code, _ = error_of("title: x\n---\ntitle: y\n")
    assert (line, col, code) == (2, 1, "yaml-multiple-documents")


def test_control_character_position() -> None:
    line, col, code, message = error_of("title: ok\nsummary: a\x07b\n")
    assert (line, col, code) == (2, 11, "yaml-syntax")
    assert "U+0007" in message


@pytest.mark.parametrize("text, column, code", [
    ("a: &x 1\n", 4, "yaml-anchor"),
    ("a: *x\n", 4, "yaml-alias"),
    ("a: !!str 1\n", 4, "yaml-tag"),
    ("a: !local 1\n", 4, "yaml-tag"),
    ("? [a]\n: 1\n", 3, "yaml-complex-key"),
])
def test_anchors_aliases_tags_and_complex_keys(text: str, column: int, code: str) -> None:
    assert error_of(text)[:3] == (1, column, code)


@pytest.mark.parametrize("text, line, column, example", [
    ("title: t\ntext: [Laughs] Hi\n", 2, 7, '"[Laughs] Hi"'),
    ("title: t\ntext: {Name} waves\n", 2, 7, '"{Name} waves"'),
    ("nodes:\n  a:\n    choices:\n      - text: [Smiles] Say hi.\n        to: b\n", 4, 15, '"[Smiles] Say hi."'),
    ("lines:\n  - [Sighs] Fine.\n  - ok\n", 2, 5, '"[Sighs] Fine."'),
    ("title: t\nreply: [Laughs] Hi  # a comment\n", 2, 8, '"[Laughs] Hi"'),
    ("title: t\nreply: [Laughs] \"Hi\"\n", 2, 8, "'[Laughs] \"Hi\"'"),
])
def test_text_that_starts_with_a_bracket_says_to_quote_it(text: str, line: int, column: int, example: str) -> None:
    found = error_of(text)
    assert found[:3] == (line, column, "yaml-syntax")
    assert "put the whole text in quotes" in found[3] and f"like {example}." in found[3]


def test_a_bracket_alone_is_still_a_list_and_an_unclosed_one_still_says_so() -> None:
    assert read_bytes(b"tags: [a, b]\ntext: [Laughs]\n", "f.yaml").value == {"tags": ["a", "b"], "text": ["Laughs"]}
    assert "is not closed" in error_of("title: t\ntext: [a, b\nsummary: x\n")[3]


def test_depth_limit_in_block_style() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v\n"
    line, _, code, _ = error_of(text)
    assert code == "too-deep" and line == MAX_DEPTH + 1


# ------------------------------------------------------------------ the hazards, each under a second

def test_hazard_alias_bomb(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")

    def load() -> None:
        with pytest.raises(ScenarioError) as info:
            read_file(str(bomb))
        assert info.value.findings[0].code == "yaml-anchor"
        assert (info.value.line, info.value.column) == (1, 4)

    fast(load)


def test_hazard_alias_bomb_without_anchors() -> None:
    """Aliases alone (their anchors elsewhere or missing) are refused at the first one."""
    text = "a: [" + ",".join(["*x"] * 10000) + "]\n"
    fast(lambda: error_of(text))
    assert error_of(text)[2] == "yaml-alias"


@pytest.mark.parametrize("levels", [100, 999, 1_500, 60_000])
@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")])
def test_hazard_deep_nesting_in_a_child_process(tmp_path: Path, opener: str, closer: str, levels: int) -> None:
    """60,000 nested brackets crash libyaml's composer (a segfault); a child process shows a crash as a failure.

    Whoever notices first, our own counter (over 64 levels) or libyaml's (1,000 levels in PyYAML 6.0.4),
    the author gets the same `too-deep` finding on the line that nests too deep. The child's time limit
    only guards against a hang; no time is asserted.
    """
    path = tmp_path / "deep.yaml"
    path.write_text("summary: fine\ntitle: " + opener * levels + "1" + closer * levels + "\n")
    code = (
        "import sys\n"
        "from game.scenario.yamlread import read_file\n"
        "from game.scenario.errors import ScenarioError\n"
        "try:\n"
        "    read_file(sys.argv[1])\n"
        "    print('loaded')\n"
        "except ScenarioError as e:\n"
        "    f = e.findings[0]\n"
        "    print(f.code, f.line, f.message.replace(' ', '_'))\n"
    )
    result = run_python(code, str(path), timeout=60)
    assert result.returncode == 0, f"child died ({result.returncode}): {result.stderr[-500:]}"
    got, line, message = result.stdout.split()
    assert (got, line) == ("too-deep", "2")
    assert message.startswith("the_file_nests_more_than_64_levels_deep")


def test_hazard_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'title: !!python/object/apply:os.system ["touch {marker}"]\nsummary: x\n'
    path = tmp_path / "tag.yaml"
    path.write_text(text)

    def load() -> None:
        line, col, code, message = error_of(text)
        assert (line, col, code) == (1, 8, "yaml-tag")
        assert "`!!python/object/apply:os.system`" in message

    fast(load)
    # And through the command an instructor runs, in its own process.
    result = run_rapport("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:1:8: error: YAML tags" in result.stdout
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/object/new:os.system", "!!python/name:os.system",
                                 "!!python/module:os", "!<tag:yaml.org,2002:python/object/apply:os.system>"])
def test_hazard_other_python_tags(tag: str) -> None:
    assert error_of(f"title: {tag} [x]\n")[2] == "yaml-tag"


def test_hazard_latin1_bytes() -> None:
    def load() -> None:
        assert error_of("title: Café\nsummary: ok\n".encode("latin-1")) == (
            1, 11, "encoding",
            "byte 0xe9 is not UTF-8; save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8).")

    fast(load)


def test_hazard_5000_digit_number() -> None:
    def load() -> None:
        line, col, code, message = error_of("title: x\nminutes: " + "9" * 5000 + "\n")
        assert (line, col, code) == (2, 10, "out-of-range")
        assert message.startswith("the number `99999999999999999999...` is too large")

    fast(load)


def test_hazard_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    for source in (b"", b"\n\n", b"# only a comment\n", b"---\n"):
        assert error_of(source)[:3] == (1, 1, "empty-file")
    assert "`title`, `summary`, `nodes` and `endings`" in error_of(b"")[3]
    with pytest.raises(ScenarioError) as info:
        fast(lambda: read_file(str(path)))
    assert info.value.findings[0].code == "empty-file"


def test_hazard_2_mib_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: x\n" + b"# " + b"x" * (2 * 1024 * 1024) + b"\n")

    def load() -> None:
        with pytest.raises(ScenarioError) as info:
            read_file(str(path))
        f = info.value.findings[0]
        assert (f.line, f.column, f.code) == (1, 1, "file-too-large")
        assert "at most 1 MiB" in f.message

    fast(load)
    with pytest.raises(ScenarioError):
        read_bytes(path.read_bytes(), "big.yaml")


def test_exactly_one_mib_is_allowed(tmp_path: Path) -> None:
    head = b"title: x\n# "
    path = tmp_path / "edge.yaml"
    path.write_bytes(head + b"x" * (MAX_BYTES - len(head) - 1) + b"\n")
    assert read_file(str(path)).value == {"title": "x"}


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        read_file(str(tmp_path / "missing.yaml"))
    assert info.value.findings[0].code == "unreadable"


# ------------------------------------------------------------------ typed scalars read as PyYAML reads them

@pytest.mark.parametrize("raw", ["0", "-3", "+7", "012", "0x1f", "0o17", "1_000", "1:20", "190:20:30", "1.5", ".inf",
                                 "-.inf", "1e3", "~", "null", "", "yes", "No", "ON", "off", "True", "FALSE", "y",
                                 "2001-01-01", "=", "<<", "-", "- ", "9" * 18, "-" + "9" * 18, "00", "+0", "-0"])
def test_typed_scalars_match_pyyaml(raw: str) -> None:
    text = f"a: {raw}\n"
    try:
        want = yaml.safe_load(text)["a"]
    except yaml.YAMLError:
        with pytest.raises(ScenarioError):
            read_bytes(text.encode(), "f.yaml")
        return
    got = read_bytes(text.encode(), "f.yaml").value["a"]
    assert got == want and type(got) is type(want)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**19, max_value=10**19))
def test_integers_match_pyyaml(n: int) -> None:
    got = read_bytes(f"a: {n}\n".encode(), "f.yaml").value["a"]
    assert got == n and type(got) is int


def test_no_memory_kept_between_files() -> None:
    for _ in range(50):
        read_bytes(b"a: 1.5\nb: ~\nc: 2001-01-01\nd: 012\n", "f.yaml")
    assert not _CONSTRUCTOR.constructed_objects
