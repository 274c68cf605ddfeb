"""Hardened YAML reading that keeps a line and column for every value.

PyYAML's own composer and constructor are not used: they follow aliases (YAML
bombs), run tags, keep the last of duplicate keys and, in C, crash on deep
nesting. Instead the C parser's event stream is read here, with an explicit
stack, and anything a scenario never needs (anchors, aliases, tags, several
documents) is refused before it can do harm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from game.scenario.errors import Finding, ScenarioError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

Path = tuple[str | int, ...]
Pos = tuple[int, int]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"


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
    (re.compile(r"found character '\\t'"), "Tabs can't indent YAML; use spaces."),
    (
        re.compile(r"mapping values are not allowed here"),
        "YAML read a second `: ` on this line; put the text in quotes, like \"Note: bring your resume\".",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "a key is missing its `:`, or a quoted text is not closed; check this line and the one above.",
    ),
    (
        re.compile(r"did not find expected key"),
        "this line does not line up with the lines above it; check the spaces at its start.",
    ),
    (
        re.compile(r"did not find expected '-' indicator"),
        "this list item does not line up with the items above it; check the spaces before `-`.",
    ),
    (
        re.compile(r"found unexpected end of stream"),
        "the file ends inside a quoted text or a bracket; close the quote or bracket.",
    ),
    (
        re.compile(r"found undefined alias|found undefined tag handle"),
        "`*` and `!` have special meanings in YAML; put text that starts with them in quotes.",
    ),
    (
        re.compile(r"found character .* that cannot start any token"),
        "this character cannot start a value; put the text in quotes.",
    ),
    (
        re.compile(r"expected <block end>, but found '-'"),
        "a list item `-` here does not line up with the rest of its list; check the spaces before it.",
    ),
    (
        re.compile(r"expected <block end>"),
        "this line is indented differently from the lines around it; check the spaces at its start.",
    ),
    (
        re.compile(r"expected ',' or '\]'|expected ',' or '\}'"),
        "a `[...]` or `{...}` list is not closed, or is missing a comma.",
    ),
]


def _friendly(exc: yaml.MarkedYAMLError) -> str:
    problem = f"{exc.problem or ''} {exc.context or ''}"
    for pattern, message in _FRIENDLY:
        if pattern.search(problem):
            return message
    return f"YAML could not read this line ({(exc.problem or 'syntax error').strip()}); check indentation and quotes."


def decode(data: bytes, file: str) -> str:
    """UTF-8 text from bytes, or a message that names the first bad byte."""
    if len(data) > MAX_BYTES:
        raise _err(
            file, (1, 1), "file-too-large",
            f"the file is {len(data) / 1048576:.1f} MiB; a scenario may be at most 1 MiB. Split it into several scenarios.",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _err(
            file, (line, col), "encoding",
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in most editors: Save As, Encoding: UTF-8).",
        ) from None
    return text.removeprefix("\ufeff")


def _scalar(event: Any, file: str, path: Path, doc: Document) -> Any:
    value: str = event.value
    if not event.implicit[0]:  # quoted, or block text: always a string
        return value
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR_TAG:
        return value
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
    try:
        result = _CONSTRUCTOR.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError):
        raise _err(
            file, _mark(event.start_mark), "out-of-range",
            f"the number `{value[:20]}{'...' if len(value) > 20 else ''}` is too large; "
            "use a whole number between -1000000 and 1000000.",
        ) from None
    doc.raw[path] = value
    return result


def parse(text: str, file: str) -> Document:
    """Parse one YAML document into plain values with positions; refuse what scenarios never need."""
    doc = Document(file, None, text=text)
    # Each frame: [container, path, pending_key, pending_key_pos]
    stack: list[list[Any]] = []
    root_set = False
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _err(file, _mark(event.start_mark), "yaml-multiple-documents",
                               "a scenario file holds one document; remove the `---` line and what follows it, "
                               "or move it to a file of its own.")
                continue
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            pos = _mark(event.start_mark)
            if kind is yaml.AliasEvent:
                raise _err(file, pos, "yaml-alias",
                           "YAML aliases (`*name`) are not allowed in scenarios; write the value out in full.")
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value = frame[0]
                if stack:
                    _attach(stack[-1], value, frame[1], doc, file)
                else:
                    doc.value, root_set = value, True
                continue
            if getattr(event, "anchor", None):
                raise _err(file, pos, "yaml-anchor",
                           f"YAML anchors (`&{event.anchor}`) are not allowed in scenarios; write each value out in full.")
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise _err(file, pos, "yaml-tag",
                           f"YAML tags (`{tag}`) are not allowed in scenarios; remove the tag and write a plain value.")
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent[0], dict) and parent[2] is None:
                # This event is a key.
                if kind is not yaml.ScalarEvent:
                    raise _err(file, pos, "yaml-complex-key",
                               "a key must be a plain name, not a list or mapping.")
                key = event.value
                kpath = parent[1] + (key,)
                if key in parent[0]:
                    first = doc.key_positions[kpath][0]
                    raise _err(file, pos, "duplicate-key",
                               f"duplicate key `{key}`: the first was on line {first}; keep one of them.")
                parent[2] = key
                doc.key_positions[kpath] = pos
                continue
            path = _child_path(parent)
            doc.positions[path] = pos
            if kind is yaml.ScalarEvent:
                value = _scalar(event, file, path, doc)
                if parent is None:
                    doc.value, root_set = value, True
                else:
                    _attach(parent, value, path, doc, file)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _err(file, pos, "too-deep",
                               f"the file nests more than {MAX_DEPTH} levels deep; a scenario never needs that many.")
                stack.append([{} if kind is yaml.MappingStartEvent else [], path, None, None])
    except yaml.MarkedYAMLError as exc:
        pos = _mark(exc.problem_mark or exc.context_mark)
        message = _friendly(exc)
        lines = text.splitlines()
        if 0 < pos[0] <= len(lines):
            src = lines[pos[0] - 1]
            lead = src[: len(src) - len(src.lstrip(" \t"))]
            if "\t" in lead or src[pos[1] - 1: pos[1]] == "\t":
                message = "Tabs can't indent YAML; use spaces."
                pos = (pos[0], (lead.index("\t") + 1) if "\t" in lead else pos[1])
        raise _err(file, pos, "yaml-syntax", message) from None
    except yaml.YAMLError as exc:  # unmarked reader errors, e.g. control characters
        raise _err(file, (1, 1), "yaml-syntax", f"YAML could not read the file: {exc}") from None
    if not root_set or doc.value is None:
        raise _err(file, (1, 1), "empty-file",
                   "the file is empty; a scenario needs at least `title`, `summary` and `nodes`. "
                   "`rapport new NAME` writes a starter file.")
    return doc


def _child_path(parent: list[Any] | None) -> Path:
    if parent is None:
        return ()
    if isinstance(parent[0], dict):
        return parent[1] + (parent[2],)
    return parent[1] + (len(parent[0]),)


def _attach(frame: list[Any], value: Any, path: Path, doc: Document, file: str) -> None:
    container = frame[0]
    if isinstance(container, dict):
        container[frame[2]] = value
        frame[2] = None
    else:
        container.append(value)


def read_bytes(data: bytes, file: str) -> Document:
    return parse(decode(data, file), file)


def read_file(path: str, display: str | None = None) -> Document:
    """Read and parse a file, refusing oversize files before reading them whole."""
    name = display or path
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _err(name, (1, 1), "unreadable", f"cannot read the file: {exc.strerror or exc}.") from None
    if len(data) > MAX_BYTES:
        raise _err(name, (1, 1), "file-too-large",
                   "the file is over 1 MiB; a scenario may be at most 1 MiB. Split it into several scenarios.")
    return read_bytes(data, name)
