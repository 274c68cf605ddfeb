"""Loading scenarios and packs. A broken file is reported with its errors and never hides the good ones."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import SchemaValidator, ValidationError

from game.i18n import _
from game.scenario import builtin
from game.scenario.check import Checker
from game.scenario.declare import core_schema
from game.scenario.errors import Finding, ScenarioError
from game.scenario.images import asset_findings, png_problem
from game.scenario.model import BUILDERS, RECORDS, Origin, PackInfo, Pattern, Principle, PrincipleSet, Scenario
from game.scenario.validate import coerce_text, findings_from
from game.scenario.yamlread import Document, no_gc, read_bytes, read_file
from game.textsafe import printable_name

SCENARIO_SUFFIXES = (".yaml", ".yml")
PACK_FILES = ("pack.yaml", "pack.yml", "principles.yaml", "principles.yml")
ASSET_KINDS = ("portraits", "backgrounds")
MAX_PACK_FILES = 500


@dataclass
class BrokenFile:
    """A scenario file that did not load, with every error found in it."""

    path: str
    findings: list[Finding]

    @property
    def first_error(self) -> Finding:
        return self.findings[0]

    @property
    def id(self) -> str:
        return Path(self.path).stem


@dataclass
class Pack:
    """A folder of scenarios, with its principles, patterns and assets."""

    root: Path | None
    info: PackInfo = field(default_factory=PackInfo)
    principles: dict[str, Principle] = field(default_factory=builtin.principles)
    patterns: dict[str, Pattern] = field(default_factory=builtin.patterns)
    scenarios: list[Scenario] = field(default_factory=list)
    broken: list[BrokenFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # problems in pack.yaml / principles.yaml

    @property
    def title(self) -> str:
        return self.info.title or (self.root.name if self.root else "Rapport")

    def scenario(self, sid: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == sid), None)

    def asset_path(self, kind: str, key: str) -> Path | None:
        """The PNG for an asset key, only ever inside the pack's own assets/ folder."""
        if self.root is None or kind not in ASSET_KINDS or not key or "/" in key or "\\" in key or ".." in key:
            return None
        # Resolve the pack root, not assets/KIND: a symlinked assets/ or portraits/ folder that points
        # outside the pack must not widen what a key can reach.
        base = self.root.resolve() / "assets" / kind
        candidate = (self.root / "assets" / kind / f"{key}.png").resolve()
        if not candidate.is_relative_to(base) or not candidate.is_file():
            return None
        if png_problem(candidate) is not None:  # never hand a bomb or a non-PNG to a decoder
            return None
        return candidate

    def asset_exists(self, kind: str, key: str) -> bool:
        if kind == "backgrounds" and key in builtin.BACKGROUNDS:
            return True
        if kind == "portraits" and key in builtin.PORTRAITS:
            return True
        return self.asset_path(kind, key) is not None


_VALIDATORS: dict[str, SchemaValidator] = {}


def _validator(name: str) -> SchemaValidator:
    """pydantic-core's validator for a record of the format, from its declaration (built once)."""
    v = _VALIDATORS.get(name)
    if v is None:
        v = _VALIDATORS[name] = SchemaValidator(core_schema(RECORDS[name]))
    return v


def _validate(doc: Document, model: str) -> Any:
    """Validate against the format; words YAML typed as booleans or numbers go back to text where text is meant."""
    if not isinstance(doc.value, dict):
        raise ScenarioError([Finding(doc.file, 1, 1, "error", "wrong-type",
                                     _("the file must be a mapping of `key: value` lines, starting with "
                                       "`title:`."))])
    validator = _validator(model)
    last: ValidationError | None = None
    for _round in range(4):  # each round puts back text YAML typed as booleans or numbers; then it must pass
        try:
            data = validator.validate_python(doc.value)
        except ValidationError as exc:
            if not coerce_text(doc, exc):
                raise ScenarioError(findings_from(exc, doc, model)) from None
            last = exc
            continue
        return BUILDERS[model](data)
    assert last is not None
    raise ScenarioError(findings_from(last, doc, model))


def parse_scenario(doc: Document, pack: Pack, scenario_id: str) -> Scenario:
    """A validated `Scenario` from a parsed document, or a ScenarioError with every problem."""
    with no_gc():
        try:
            sc: Scenario = _validate(doc, "Scenario")
        except ScenarioError as exc:
            if not isinstance(doc.value, dict):
                raise
            # Every error in one run: the cross-reference checks still look at the parts that had a shape.
            from game.scenario.repair import cross_reference_findings
            more = cross_reference_findings(
                doc, _validator("Scenario"), exc.findings, BUILDERS["Scenario"],
                lambda s: Checker(doc, s, pack.principles, pack.patterns, pack.asset_exists).run())
            raise ScenarioError(sorted([*exc.findings, *more], key=lambda f: (f.line, f.column))) from None
        checker = Checker(doc, sc, pack.principles, pack.patterns, pack.asset_exists)
        problems = checker.run()
    if problems:
        raise ScenarioError(problems)
    origin = Origin(path=doc.file, pack=pack, document=doc, conditions=checker.conditions,
                    requires=checker.requires)
    return sc.loaded(origin, scenario_id)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _stem_id(path: Path) -> str:
    return path.stem.lower()


def load_scenario(path: str | os.PathLike[str], pack: Pack | None = None) -> Scenario:
    """Load one file, in the context of its folder's pack (principles.yaml, assets) unless one is given."""
    p = Path(path)
    if pack is None:
        pack = load_pack_meta(p.parent)
        if pack.findings:
            raise ScenarioError(pack.findings)
    doc = read_file(str(p), _display(p))
    return parse_scenario(doc, pack, _stem_id(p))


def load_scenario_text(text: str, name: str = "scenario.yaml", pack: Pack | None = None) -> Scenario:
    """Load a scenario from text (tests, docs and editors)."""
    pack = pack or Pack(root=None)
    return parse_scenario(read_bytes(text.encode("utf-8"), name), pack, Path(name).stem)


def _first(root: Path, names: Iterable[str]) -> Path | None:
    return next((root / n for n in names if (root / n).is_file()), None)


def load_pack_meta(root: Path) -> Pack:
    """pack.yaml and principles.yaml only; problems go to `pack.findings` and built-ins stay in force."""
    pack = Pack(root=root)
    info_path = _first(root, ("pack.yaml", "pack.yml"))
    if info_path is not None:
        try:
            pack.info = _validate(read_file(str(info_path), _display(info_path)), "PackInfo")
        except ScenarioError as exc:
            pack.findings.extend(exc.findings)
    pr_path = _first(root, ("principles.yaml", "principles.yml"))
    if pr_path is not None:
        try:
            doc = read_file(str(pr_path), _display(pr_path))
            ps: PrincipleSet = _validate(doc, "PrincipleSet")
            principles = ps.principles if ps.principles is not None else pack.principles
            if ps.patterns is not None:
                patterns = ps.patterns
            else:  # built-in patterns stay, as far as their principle is still there
                patterns = {k: v for k, v in pack.patterns.items() if v.principle in principles}
            bad: list[Finding] = []
            for pid, pat in patterns.items():
                if pat.principle not in principles:
                    from game.scenario.errors import did_you_mean, known_names

                    line, col = doc.pos(("patterns", pid, "principle"))
                    bad.append(Finding(doc.file, line, col, "error", "unknown-principle",
                                       _("pattern `{pattern}` names unknown principle `{principle}`{hint}; "
                                         "{known}.").format(pattern=pid, principle=pat.principle,
                                                            hint=did_you_mean(pat.principle, principles),
                                                            known=known_names("principles", principles))))
            if bad:
                raise ScenarioError(bad)
            pack.principles, pack.patterns = dict(principles), dict(patterns)
        except ScenarioError as exc:
            pack.findings.extend(exc.findings)
    return pack


def all_scenario_files(root: Path) -> list[Path]:
    """Every scenario entry directly in a pack folder, in name order, uncapped (even ones that cannot load)."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return []
    files = [p for p in entries if p.suffix.lower() in SCENARIO_SUFFIXES
             and p.name.lower() not in PACK_FILES and not p.name.startswith(".")]
    return sorted(files)


def scenario_files(root: Path) -> list[Path]:
    """The scenario files a pack loads: the first MAX_PACK_FILES (`load_pack` says when there are more)."""
    return all_scenario_files(root)[:MAX_PACK_FILES]


def _bad_entry(path: Path, root: Path) -> Finding | None:
    """An error for an entry a pack must not read: a name that is not UTF-8 (it would fail wherever it
    is printed), a link that leads out of the pack or nowhere, a pipe or a folder named .yaml."""
    shown = printable_name(_display(path))
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return Finding(shown, 1, 1, "error", "bad-file-name",
                       _("the file name is not valid UTF-8; rename the file using plain letters, digits "
                         "and dashes."))
    try:
        real = path.resolve(strict=True)
        regular = path.is_file()
    except (OSError, RuntimeError):  # a dangling link or a loop of links
        return Finding(shown, 1, 1, "error", "bad-link",
                       _("the file is a link that leads nowhere (or to itself); replace it with the file."))
    if not real.is_relative_to(root.resolve()):
        return Finding(shown, 1, 1, "error", "outside-pack",
                       _("the file is a link to a file outside the pack; copy the file into the pack instead."))
    if not regular:
        return Finding(shown, 1, 1, "error", "not-a-file",
                       _("this is not a regular file (a folder, pipe or device); a scenario must be a .yaml "
                         "file."))
    return None


def load_pack(root: str | os.PathLike[str]) -> Pack:
    """Load every scenario in a folder; broken files are kept in `pack.broken` with their errors."""
    rootp = Path(root)
    pack = load_pack_meta(rootp)
    pack.findings.extend(asset_findings(rootp, printable_name(_display(rootp))))
    files = all_scenario_files(rootp)
    if len(files) > MAX_PACK_FILES:
        pack.findings.append(Finding(
            printable_name(_display(rootp)), 1, 1, "error", "too-many-files",
            _("the pack holds {n} scenario files; a pack may hold at most {limit}, so {left} were not loaded "
              "(from {file} on). Split it into several packs.").format(
                  n=len(files), limit=MAX_PACK_FILES, left=len(files) - MAX_PACK_FILES,
                  file=printable_name(files[MAX_PACK_FILES].name))))
        files = files[:MAX_PACK_FILES]
    seen: dict[str, str] = {}
    for path in files:
        bad = _bad_entry(path, rootp)
        if bad is not None:
            pack.broken.append(BrokenFile(bad.file, [bad]))
            continue
        display = _display(path)
        try:
            sc = parse_scenario(read_file(str(path), display), pack, _stem_id(path))
        except ScenarioError as exc:
            pack.broken.append(BrokenFile(display, exc.findings))
            continue
        assert sc.id is not None
        if sc.id in seen:
            pack.broken.append(BrokenFile(display, [Finding(
                display, 1, 1, "error", "duplicate-id",
                _("scenario id `{id}` is also used by {file}; give each scenario its own id.").format(
                    id=sc.id, file=seen[sc.id]))]))
            continue
        seen[sc.id] = display
        pack.scenarios.append(sc)
    return pack
