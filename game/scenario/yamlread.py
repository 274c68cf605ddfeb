"""Hardened YAML reading that keeps a line and column for every value.

PyYAML's own composer and constructor are not used: they follow aliases (YAML
bombs), run tags, keep the last of duplicate keys and, in C, crash on deep
nesting. Instead the C parser's event stream is read here, with an explicit
stack, and anything a scenario never needs (anchors, aliases, tags, several
documents) is refused before it can do harm.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml  # type: ignore[import-untyped,unused-ignore]  # typed when types-PyYAML is installed

from game.i18n import N_, _
from game.scenario.errors import Finding, ScenarioError
from game.textsafe import CONTROL

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

Path = tuple[str | int, ...]
Pos = tuple[int, int]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER: Any = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})\Z")  # no octal `012`, no `1_000`, no `1:20`
_BOOLS: dict[str, bool] = dict(yaml.constructor.SafeConstructor.bool_values)
# First characters for which YAML 1.1 may read a plain scalar as something other than text (bool, int,
# null...). PyYAML keys its implicit resolvers by first character; None would mean "any character".
_IMPLICIT_FIRST: frozenset[str] = (
    frozenset() if None in _RESOLVER.yaml_implicit_resolvers
    else frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k)
)
_SCALAR, _MAP_START, _SEQ_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


@dataclass
class Document:
    """A parsed YAML file: plain Python values plus where each one was written."""

    file: str
    value: Any
    positions: dict[Path, Pos] = field(default_factory=dict)  # where each value starts
    key_positions: dict[Path, Pos] = field(default_factory=dict)  # where each mapping key starts
    raw: dict[Path, str] = field(default_factory=dict)  # source text of plain scalars YAML typed as non-text
    text: str = ""

    def column_of(self, path: Path, offset: int) -> Pos:
        """Position of character `offset` inside the scalar at `path` (skipping an opening quote)."""
        line, col = self.pos(path)
        lines = self.text.splitlines()
        if 0 < line <= len(lines):
            src = lines[line - 1]
            if col - 1 < len(src) and src[col - 1] in "'\"":
                col += 1
        return (line, col + offset)

    def pos(self, path: Path) -> Pos:
        """The best position for a path: the value, else its key, else the nearest parent."""
        for p in (path[:i] for i in range(len(path), -1, -1)):
            if p in self.positions:
                return self.positions[p]
        return (1, 1)

    def key_pos(self, path: Path) -> Pos:
        return self.key_positions.get(path) or self.pos(path)


def _err(file: str, pos: Pos, code: str, message: str) -> ScenarioError:
    return ScenarioError([Finding(file, pos[0], pos[1], "error", code, message)])


def _mark(mark: Any) -> Pos:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_FRIENDLY = [
    (re.compile(r"found character '\\t'"), N_("Tabs can't indent YAML; use spaces.")),
    (
        re.compile(r"mapping values are not allowed"),
        N_("YAML read a second `: ` on this line; put the text in quotes, like \"Note: bring your resume\"."),
    ),
    (
        re.compile(r"could not find expected ':'"),
        N_("a key is missing its `:`, or a quoted text is not closed; check this line and the one above."),
    ),
    (
        re.compile(r"did not find expected key"),
        N_("this line does not line up with the lines above it; check the spaces at its start."),
    ),
    (
        re.compile(r"did not find expected '-' indicator"),
        N_("this list item does not line up with the items above it; check the spaces before `-`."),
    ),
    (
        re.compile(r"found unexpected end of stream"),
        N_("the file ends inside a quoted text or a bracket; close the quote or bracket."),
    ),
    (
        re.compile(r"found undefined alias|found undefined tag handle"),
        N_("`*` and `!` have special meanings in YAML; put text that starts with them in quotes."),
    ),
    (
        re.compile(r"found character.* that cannot start any token"),
        N_("this character cannot start a value; put the text in quotes."),
    ),
    (
        re.compile(r"expected <block end>, but found '-'"),
        N_("a list item `-` here does not line up with the rest of its list; check the spaces before it."),
    ),
    (
        re.compile(r"expected <block end>"),
        N_("this line is indented differently from the lines around it; check the spaces at its start."),
    ),
    (
        re.compile(r"expected ',' or '\]'|expected ',' or '\}'"),
        N_("a `[...]` or `{...}` list is not closed, or is missing a comma."),
    ),
]


def _friendly(exc: yaml.MarkedYAMLError) -> str:
    problem = f"{exc.problem or ''} {exc.context or ''}"
    for pattern, message in _FRIENDLY:
        if pattern.search(problem):
            return _(message)
    return _("YAML could not read this line ({problem}); check indentation and quotes.").format(
        problem=(exc.problem or "syntax error").strip())


# A value that starts with `[` or `{`: after `key: `, `- `, or both (`- text: [Laughs] Hi`).
_FLOW_VALUE = re.compile(r"^\s*(?:-\s+)*(?:[^\s#'\"\[\]{}:,][^:#]*?:\s+)?(?:-\s+)*(?=[\[{])")


def _text_after_flow(src: str, col: int) -> tuple[int, str] | None:
    """`text: [Laughs] Hi`: the column of the bracket and the whole text, when a value on this line starts
    with `[` or `{`, the bracket closes on the line, and more text follows it (before the error at `col`)."""
    m = _FLOW_VALUE.match(src)
    if m is None:
        return None
    start = m.end()
    depth, quote, i = 0, "", start
    while i < len(src):
        c = src[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'" and i > start and src[i - 1] in "[{, ":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    if depth != 0 or i >= len(src) or col - 1 <= i:
        return None
    rest = src[i + 1:]
    cut = re.search(r"\s#", rest)
    rest = rest[: cut.start()] if cut else rest
    if not rest.strip():
        return None
    return start + 1, (src[start: i + 1] + rest).rstrip()


def _flow_text_message(bracket: str, text: str) -> str:
    if len(text) <= 50 and '"' not in text:
        example = f'"{text}"'
    elif len(text) <= 50 and "'" not in text:
        example = f"'{text}'"
    else:
        example = '"[Laughs] Hi there."' if bracket == "[" else '"{Name} waves."'
    message = (_("YAML reads a `[` at the start of a value as a list, so text cannot follow its `]`; "
                 "put the whole text in quotes, like {example}.") if bracket == "["
               else _("YAML reads a `{{` at the start of a value as a mapping, so text cannot follow its `}}`; "
                      "put the whole text in quotes, like {example}."))
    return message.format(example=example)


_KEY_BEFORE_COLON = re.compile(r"^\s*(?:-\s+)?[\w-]+\s*$")
_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[\w-]+:\s+)?[\"']")


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[Pos, str]:
    """Where a YAML syntax error really is, and what to do about it, in an instructor's words."""
    pos = _mark(exc.problem_mark or exc.context_mark)
    context = exc.context or ""
    problem = exc.problem or ""
    lines = text.splitlines()
    src = lines[pos[0] - 1] if 0 < pos[0] <= len(lines) else ""
    lead = src[: len(src) - len(src.lstrip(" \t"))]
    if "\t" in lead or src[pos[1] - 1: pos[1]] == "\t":
        return (pos[0], (lead.index("\t") + 1) if "\t" in lead else pos[1]), _("Tabs can't indent YAML; use spaces.")
    opened = _mark(exc.context_mark) if exc.context_mark is not None else pos
    if "quoted scalar" in context and "end of stream" in problem:
        return opened, _("this quoted text is never closed; add the closing quote at its end.")
    if "flow mapping" in context or "flow sequence" in context:
        bracket = "{" if "mapping" in context else "["
        closer = "}" if bracket == "{" else "]"
        return opened, _("the `{bracket}` here is not closed with `{closer}`, or its entries are missing a comma; "
                         "to write text that starts with a bracket, put it in quotes.").format(
                             bracket=bracket, closer=closer)
    if "scanning an alias" in context or "scanning an anchor" in context:
        sign = "*" if "alias" in context else "&"
        return opened, _("`{sign}` at the start of a value has a special meaning in YAML; "
                         "put the text in quotes, like \"{sign}...\".").format(sign=sign)
    if "simple key" in context and "expected ':'" in problem:
        return opened, _("this line has no `:` after its key; write it like `text: ...` (or `choices:` on its own).")
    if "did not find expected" in problem and pos[1] - 1 > len(lead):
        flow = _text_after_flow(src, pos[1])
        if flow is not None:
            return (pos[0], flow[0]), _flow_text_message(src[flow[0] - 1], flow[1])
    if "expected key" in problem and pos[1] - 1 > len(lead) and _QUOTED_VALUE.search(src[: pos[1] - 1]):
        return pos, _("a quote ends the text early here; put text that contains `\"` in single quotes "
                      "(or the other way round), like 'She said \"bye\" and left.'")
    if "mapping values are not allowed" in problem and _KEY_BEFORE_COLON.match(src[: pos[1] - 1]):
        return (pos[0], len(lead) + 1), _("this line is indented differently from the line above it, so YAML "
                                          "reads it as part of the text above; line its key up with the keys "
                                          "above it.")
    return pos, _friendly(exc)


_UNUSUAL_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}


def decode(data: bytes, file: str) -> str:
    """UTF-8 text from bytes, or a message that names the first bad byte."""
    if len(data) > MAX_BYTES:
        raise _err(
            file, (1, 1), "file-too-large",
            _("the file is {size} MiB; a scenario may be at most 1 MiB. Split it into several scenarios.").format(
                size=f"{len(data) / 1048576:.1f}"),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _err(
            file, (line, col), "encoding",
            _("byte {byte} is not UTF-8; save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8).")
            .format(byte=f"0x{data[exc.start]:02x}"),
        ) from None
    # YAML counts NEL, LINE and PARAGRAPH SEPARATOR as line breaks; editors do not. As spaces, the
    # line numbers in messages match what the instructor sees.
    return text.removeprefix("\ufeff").translate(_UNUSUAL_BREAKS)


_CONTROL_SEARCH = CONTROL.search


def _offset(text: str, mark: Any) -> int:
    """The character offset of a mark, from its line and column (rare: only on an error)."""
    start = 0
    for _line in range(mark.line):
        nl = text.find("\n", start)
        if nl < 0:
            return len(text)
        start = nl + 1
    return start + int(mark.column)


def _control_error(file: str, event: Any, text: str) -> ScenarioError:
    """A control character in a text (literal, or written as a YAML escape like `\\e`), at its place."""
    value: str = event.value
    at = CONTROL.search(value)
    assert at is not None
    char = ord(at.group())
    mark = event.start_mark
    line, col = mark.line + 1, mark.column + 1
    literal = text.find(at.group(), _offset(text, mark), _offset(text, event.end_mark) + 1)
    if literal >= 0:  # written as is (a bidi override): point at the character itself
        before = text[:literal]
        line, col = before.count("\n") + 1, literal - (before.rfind("\n") + 1) + 1
    message = (_("this text holds a bidi control that can disguise text ({char}), written as is or as an escape "
                 "like `\\e` or `\\x1b`; remove it (text may hold line breaks and tabs, nothing else invisible).")
               if 0x202A <= char <= 0x2069 else
               _("this text holds a terminal control character ({char}), written as is or as an escape like `\\e` "
                 "or `\\x1b`; remove it (text may hold line breaks and tabs, nothing else invisible)."))
    return _err(file, (line, col), "control-character", message.format(char=f"U+{char:04X}"))


def _scalar(event: Any, file: str, path: Path, doc: Document) -> Any:
    value: str = event.value
    if not event.implicit[0]:  # quoted, or block text: always a string
        return value
    if value and value[0] not in _IMPLICIT_FIRST:  # no implicit type starts with this character: text
        return value
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR_TAG:
        return value
    result: Any
    if tag == _INT_TAG and _PLAIN_INT.match(value):  # the common cases, without PyYAML's node machinery
        result = int(value)
    elif tag == _BOOL_TAG and value.lower() in _BOOLS:
        result = _BOOLS[value.lower()]
    else:
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            result = _CONSTRUCTOR.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            _CONSTRUCTOR.constructed_objects.clear()
            raise _err(
                file, _mark(event.start_mark), "out-of-range",
                _("the number `{number}` is too large; use a whole number between -1000000 and 1000000.").format(
                    number=value[:20] + ("..." if len(value) > 20 else "")),
            ) from None
        _CONSTRUCTOR.constructed_objects.clear()  # it caches every node it built: a leak in a long-lived game
    doc.raw[path] = value
    return result


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while building many small acyclic objects (events, dicts, tuples).

    Parsing a 2,000-node file allocates ~100,000 objects, which runs the collector over and over
    for nothing: pausing it nearly halves the time. It is switched back on as it was, even on errors.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _too_deep(file: str, pos: tuple[int, int]) -> ScenarioError:
    return _err(file, pos, "too-deep",
                _("the file nests more than {n} levels deep; a scenario never needs that many.").format(n=MAX_DEPTH))


def parse(text: str, file: str) -> Document:
    """Parse one YAML document into plain values with positions; refuse what scenarios never need."""
    with no_gc():
        return _parse(text, file)


def _parse(text: str, file: str) -> Document:
    doc = Document(file, None, text=text)
    positions, key_positions = doc.positions, doc.key_positions
    # Each frame: [container, path, pending key (None: the next scalar is a key), is a mapping]
    stack: list[list[Any]] = []
    root_set = False
    documents = 0
    event: Any
    loader = _Loader(text)
    get_event = loader.get_event  # the C parser's events one by one, without PyYAML's generator around them
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is _SCALAR or kind is _MAP_START or kind is _SEQ_START:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if event.anchor:
                    raise _err(file, pos, "yaml-anchor",
                               _("YAML anchors (`&{anchor}`) are not allowed in scenarios; "
                                 "write each value out in full.").format(anchor=event.anchor))
                tag = event.tag
                if tag is not None:
                    shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
                    raise _err(file, pos, "yaml-tag",
                               _("YAML tags (`{tag}`) are not allowed in scenarios; remove the tag and write a "
                                 "plain value (to start a text with `!`, put it in quotes).").format(tag=shown))
                if kind is _SCALAR and _CONTROL_SEARCH(event.value) is not None:
                    raise _control_error(file, event, text)
                parent = stack[-1] if stack else None
                path: Path
                if parent is None:
                    path = ()
                elif parent[3]:
                    key = parent[2]
                    if key is None:  # this event is a key
                        if kind is not _SCALAR:
                            raise _err(file, pos, "yaml-complex-key",
                                       _("a key must be a plain name, not a list or mapping."))
                        key = event.value
                        kpath = parent[1] + (key,)
                        if key in parent[0]:
                            raise _err(file, pos, "duplicate-key",
                                       _("duplicate key `{key}`: the first was on line {line}; keep one of them.")
                                       .format(key=key, line=key_positions[kpath][0]))
                        parent[2] = key
                        key_positions[kpath] = pos
                        continue
                    path = parent[1] + (key,)
                else:
                    path = parent[1] + (len(parent[0]),)
                positions[path] = pos
                if kind is _SCALAR:
                    value = _scalar(event, file, path, doc)
                    if parent is None:
                        doc.value, root_set = value, True
                    elif parent[3]:
                        parent[0][parent[2]] = value
                        parent[2] = None
                    else:
                        parent[0].append(value)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise _too_deep(file, pos)
                    is_map = kind is _MAP_START
                    stack.append([{} if is_map else [], path, None, is_map])
            elif kind is _MAP_END or kind is _SEQ_END:
                value = stack.pop()[0]
                if not stack:
                    doc.value, root_set = value, True
                else:
                    parent = stack[-1]
                    if parent[3]:
                        parent[0][parent[2]] = value
                        parent[2] = None
                    else:
                        parent[0].append(value)
            elif kind is yaml.AliasEvent:
                raise _err(file, _mark(event.start_mark), "yaml-alias",
                           _("YAML aliases (`*name`) are not allowed in scenarios; write the value out in full."))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _err(file, _mark(event.start_mark), "yaml-multiple-documents",
                               _("a scenario file holds one document; remove the `---` line and what follows it, "
                                 "or move it to a file of its own."))
            elif kind is yaml.StreamEndEvent or event is None:
                break
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem or ""):
            # libyaml (0.2.5 as bundled with PyYAML 6.0.4) stops at 1,000 levels by itself, scanning
            # ahead before our own counter sees the events: the same finding either way.
            mark = exc.problem_mark
            raise _too_deep(file, (mark.line + 1, 1) if mark is not None else (1, 1)) from None
        pos, message = _syntax_error(exc, text)
        raise _err(file, pos, "yaml-syntax", message) from None
    except yaml.reader.ReaderError as exc:  # a control character: unmarked, but it knows the offset
        at = exc.position if isinstance(exc.position, int) and exc.position >= 0 else 0
        before = text.encode("utf-8")[:at].decode("utf-8", "ignore")  # libyaml counts UTF-8 bytes here
        at = len(before)
        pos = (before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise _err(file, pos, "yaml-syntax",
                   _("the file holds an invisible control character ({char}) here; delete it "
                     "(it often comes with text copied from a PDF or a word processor).").format(
                         char=f"U+{char:04X}")) from None
    except yaml.YAMLError as exc:  # any other unmarked error
        raise _err(file, (1, 1), "yaml-syntax", _("YAML could not read the file: {problem}").format(problem=exc)) from None
    finally:
        loader.dispose()
    if not root_set or doc.value is None:
        raise _err(file, (1, 1), "empty-file",
                   _("the file is empty; a scenario needs at least `title`, `summary`, `nodes` and `endings`. "
                     "`rapport new NAME` writes a starter file."))
    return doc


def read_bytes(data: bytes, file: str) -> Document:
    return parse(decode(data, file), file)


def read_file(path: str, display: str | None = None) -> Document:
    """Read and parse a file, refusing oversize files before reading them whole."""
    name = display or path
    try:
        # Non-blocking open and a regular-file check: a pipe named x.yaml must not hang the reader.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _err(name, (1, 1), "not-a-file",
                           _("this is not a regular file (a folder, pipe or device); a scenario must be a .yaml "
                             "file."))
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _err(name, (1, 1), "unreadable", _("cannot read the file: {problem}.").format(problem=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:
        raise _err(name, (1, 1), "file-too-large",
                   _("the file is over 1 MiB; a scenario may be at most 1 MiB. Split it into several scenarios."))
    return read_bytes(data, name)
