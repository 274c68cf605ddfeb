"""Translations of a pack: the places of its texts, gettext catalogs read safely, and translated copies.

Every translatable text has a place, its `msgctxt` (SCENARIO_FORMAT.md, "Translations"):
`SCENARIO|NODE-OR-ENDING|[CHOICE|]FIELD[|KEY]`, with `character:ID` for a character and `principles` as
the scenario id of the pack's principles and patterns. The `msgid` is the source text: an entry whose
`msgid` is no longer the source is stale, and the source is shown. Nothing here mutates a loaded scenario.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from game.i18n import _, pgettext
from game.scenario.declare import Record
from game.scenario.errors import Finding, ScenarioError
from game.scenario.model import Ending, LanguageMaps, Node, Scenario
from game.scenario.yamlread import Document
from game.textsafe import CONTROL

if TYPE_CHECKING:
    from game.scenario.pack import Pack

MAX_PO_BYTES = 8 * 1024 * 1024  # a pack of 500 full scenarios fits; a bigger file is refused, not parsed
LANG_PATTERN = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8}){0,3}$")
PRINCIPLES = "principles"  # the scenario id of principles.yaml's texts
SHORT, LONG = 200, 4000  # ShortText and Text in model.py

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Place:
    """One translatable text: its msgctxt, its source text, where the source is written and how long it may be."""

    context: str
    source: str
    file: str
    line: int
    column: int
    limit: int


@dataclass(frozen=True)
class Entry:
    """One entry of a .po file (the header and plural entries are never entries)."""

    msgid: str
    msgstr: str
    line: int
    fuzzy: bool


@dataclass
class Translations:
    """A language's catalog for one pack: msgctxt -> entry (the first entry of a msgctxt wins)."""

    lang: str
    file: str
    entries: dict[str, Entry] = dataclasses.field(default_factory=dict)
    plurals: list[tuple[str, int]] = dataclasses.field(default_factory=list)  # (msgctxt, line): never used

    def text(self, place: Place) -> str | None:
        """The translation of a place, or None (missing, fuzzy, stale, too long, or with control characters)."""
        entry = self.entries.get(place.context)
        if entry is None or entry.fuzzy or not entry.msgstr or entry.msgid != place.source:
            return None
        if len(entry.msgstr) > place.limit or CONTROL.search(entry.msgstr):
            return None
        return entry.msgstr


# ----------------------------------------------------------------- the places of a pack's texts

def _ctx(*parts: str) -> str:
    return "|".join(parts)


class _Collector:
    def __init__(self, doc: Document | None, file: str) -> None:
        self.doc, self.file = doc, file
        self.places: list[Place] = []

    def add(self, context: str, text: str | None, path: tuple[str | int, ...], limit: int = LONG) -> None:
        if not text:
            return
        line, col = self.doc.pos(path) if self.doc is not None else (1, 1)
        self.places.append(Place(context, text, self.file, line, col, limit))

    def in_file_order(self) -> list[Place]:
        # Positions come from the file, so sorting by them gives the file's order; a stable sort keeps the
        # declared order for a scenario built by hand (every place at 1:1).
        return sorted(self.places, key=lambda p: (p.line, p.column))


def scenario_places(sc: Scenario) -> list[Place]:
    """Every translatable text of a scenario, in the order the file has them."""
    sid = sc.id or ""
    c = _Collector(sc.document, sc.path or f"{sid}.yaml")
    c.add(_ctx(sid, "", "title"), sc.title, ("title",), SHORT)
    c.add(_ctx(sid, "", "summary"), sc.summary, ("summary",))
    c.add(_ctx(sid, "", "goal"), sc.goal, ("goal",))
    single = isinstance(sc.reflect, str)
    for n, q in enumerate(sc.reflect_questions, 1):
        c.add(_ctx(sid, "", "reflect", str(n)), q, ("reflect",) if single else ("reflect", n - 1))
    for cid, ch in sc.characters.items():
        where = f"character:{cid}"
        c.add(_ctx(sid, where, "name"), ch.name, ("characters", cid, "name"), SHORT)
        c.add(_ctx(sid, where, "role"), ch.role, ("characters", cid, "role"), SHORT)
    for nid, node in sc.nodes.items():
        c.add(_ctx(sid, nid, "text"), node.text, ("nodes", nid, "text"))
        c.add(_ctx(sid, nid, "scene"), node.scene, ("nodes", nid, "scene"), SHORT)
        c.add(_ctx(sid, nid, "discuss"), node.discuss, ("nodes", nid, "discuss"))
        for i, choice in enumerate(node.choices or ()):
            for name in ("text", "reply", "feedback"):
                c.add(_ctx(sid, nid, choice.choice_id, name), getattr(choice, name),
                      ("nodes", nid, "choices", i, name))
    for eid, ending in sc.endings.items():
        c.add(_ctx(sid, eid, "title"), ending.title, ("endings", eid, "title"), SHORT)
        c.add(_ctx(sid, eid, "text"), ending.text, ("endings", eid, "text"))
        for who, said in ending.perspective.items():
            c.add(_ctx(sid, eid, "perspective", who), said, ("endings", eid, "perspective", who))
    return c.in_file_order()


def principle_places(pack: Pack) -> list[Place]:
    """The texts of the principles and patterns in force in a pack (principles.yaml's, or the built-in ones)."""
    from game.scenario.pack import _display, _first
    from game.scenario.yamlread import read_file

    doc: Document | None = None
    file = _display(pack.root) if pack.root is not None else "principles.yaml"  # built in: the pack's folder
    if pack.root is not None:
        found = _first(pack.root, ("principles.yaml", "principles.yml"))
        if found is not None:
            file = _display(found)
            try:
                doc = read_file(str(found), file)
            except ScenarioError:  # the loader reported it; the built-ins are in force
                doc = None
    c = _Collector(doc, file)
    for section, records in (("principles", pack.principles), ("patterns", pack.patterns)):
        for key, rec in records.items():
            for name in ("name", "summary", "tip"):
                c.add(_ctx(PRINCIPLES, key, name), getattr(rec, name), (section, key, name),
                      SHORT if name == "name" else LONG)
    return c.in_file_order()


def pack_places(pack: Pack) -> list[Place]:
    """Every translatable text of a pack: its scenarios in file-name order, then its principles and patterns."""
    out: list[Place] = []
    for sc in sorted(pack.scenarios, key=lambda s: s.path):
        out += scenario_places(sc)
    return out + principle_places(pack)


# ----------------------------------------------------------------- reading a catalog

def po_path(root: Path, lang: str) -> Path:
    return root / "l10n" / f"{lang}.po"


def check_lang(lang: str) -> str | None:
    """Why `lang` is not a language code (like `es` or `pt_BR`), or None."""
    if LANG_PATTERN.match(lang):
        return None
    return _("`{lang}` is not a language code; use one like `es`, `fr` or `pt_BR` (the name of a file in the "
             "pack's l10n/ folder, without `.po`).").format(lang=lang)


def _po_error(file: str, line: int, message: str) -> ScenarioError:
    return ScenarioError([Finding(file, max(line, 1), 1, "error", "l10n-syntax", message)])


def read_translations(path: Path, display: str, lang: str) -> Translations:
    """A .po file as `Translations`; a ScenarioError naming file:line for a file that cannot be read."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PO_BYTES + 1)
    except OSError as exc:
        raise _po_error(display, 1, _("cannot read the file ({problem}); check that it exists and can be read.")
                        .format(problem=exc.strerror)) from None
    if len(data) > MAX_PO_BYTES:
        raise _po_error(display, 1, _("the file is over 8 MiB; a pack's catalog is never that big. Check that "
                                      "this is the right file."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _po_error(display, line, _("byte {byte} is not UTF-8; save the file as UTF-8 (Poedit and Weblate "
                                         "always do).").format(byte=f"0x{data[exc.start]:02x}")) from None
    try:
        catalog = read_po(text.removeprefix("\ufeff").splitlines(keepends=True), abort_invalid=True)
    except PoFileError as exc:
        raise _po_error(display, exc.lineno + 1,
                        _("this is not a gettext catalog line ({problem}); every entry is `msgctxt`, `msgid` and "
                          "`msgstr` lines of quoted text. Open the file in Poedit to find the mistake, or copy the "
                          "entry again from l10n/messages.pot.").format(
                              problem=str(exc).rsplit(" on ", 1)[0].lower())) from None
    except (ValueError, LookupError, IndexError, TypeError) as exc:  # babel's own checks, on odd headers
        raise _po_error(display, 1, _("the catalog cannot be read ({problem}); check its header, or start again "
                                      "from l10n/messages.pot.").format(problem=exc)) from None
    out = Translations(lang, display)
    for message in catalog:
        if not message.id or message.context is None:
            continue  # the header, and entries that name no place
        line = int(message.lineno or 1)
        if isinstance(message.id, (tuple, list)):  # Rapport's texts take no plural forms
            out.plurals.append((message.context, line))
            continue
        msgstr = message.string if isinstance(message.string, str) else ""
        out.entries.setdefault(message.context, Entry(message.id, msgstr, line, message.fuzzy))
    return out


def load_translations(root: Path, lang: str) -> Translations:
    """The pack's catalog for `lang`; a ScenarioError when there is none or it cannot be read."""
    from game.scenario.pack import _display

    problem = check_lang(lang)
    if problem is not None:
        raise ScenarioError([Finding(_display(root), 1, 1, "error", "l10n-lang", problem)])
    path = po_path(root, lang)
    display = _display(path)
    if not path.is_file():
        raise ScenarioError([Finding(display, 1, 1, "error", "l10n-no-catalog",
                                     _("the pack has no {lang} translation; run `rapport l10n extract` on the "
                                       "pack and copy l10n/messages.pot to l10n/{lang}.po (docs/translating.md).")
                                     .format(lang=lang))])
    return read_translations(path, display, lang)


# ----------------------------------------------------------------- translated copies

def _with(rec: R, places: dict[tuple[str, ...], str], key: tuple[str, ...], fields: Iterable[str]) -> R:
    """A shallow copy of a record with each field's translation, where there is one."""
    out = copy.copy(rec)
    for name in fields:
        text = places.get((*key, name))
        if text is not None:
            setattr(out, name, text)
    return out


def _translated(places: Iterable[Place], tr: Translations) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for p in places:
        text = tr.text(p)
        if text is not None:
            out[tuple(p.context.split("|"))] = text
    return out


def translate_scenario(sc: Scenario, tr: Translations, pack: Any = None) -> Scenario:
    """A translated copy of a loaded scenario (the source text where a translation is missing or stale).

    `pack`, when given, is the (translated) pack the copy reports as its own."""
    sid = sc.id or ""
    t = _translated(scenario_places(sc), tr)
    origin = dataclasses.replace(sc.origin, language=tr.lang, source=sc.origin.source or sc)
    if pack is not None:
        origin = dataclasses.replace(origin, pack=pack)
    out = sc.loaded(origin, sid)
    for name in ("title", "summary", "goal"):
        text = t.get((sid, "", name))
        if text is not None:
            setattr(out, name, text)
    if sc.reflect is not None:
        qs = [t.get((sid, "", "reflect", str(n)), q) for n, q in enumerate(sc.reflect_questions, 1)]
        out.reflect = qs[0] if isinstance(sc.reflect, str) else qs
    out.characters = {cid: _with(ch, t, (sid, f"character:{cid}"), ("name", "role"))
                      for cid, ch in sc.characters.items()}
    nodes: dict[str, Node] = {}
    for nid, node in sc.nodes.items():
        new = _with(node, t, (sid, nid), ("text", "scene", "discuss"))
        if node.choices is not None:
            new.choices = [_with(c, t, (sid, nid, c.choice_id), ("text", "reply", "feedback"))
                           for c in node.choices]
        nodes[nid] = new
    out.nodes = nodes
    endings: dict[str, Ending] = {}
    for eid, ending in sc.endings.items():
        new_end = _with(ending, t, (sid, eid), ("title", "text"))
        new_end.perspective = {who: t.get((sid, eid, "perspective", who), said)
                               for who, said in ending.perspective.items()}
        endings[eid] = new_end
    out.endings = endings
    return out


PRINCIPLE_FIELDS = ("name", "summary", "tip")


def _builtins_in_game_language(pack: Pack, t: dict[tuple[str, ...], str]) -> None:
    """Add to `t` the game's own translation (game/locale, `pgettext("principle name", text)`...) of every
    built-in principle and pattern text of the pack that `t` has no translation for. A text counts as built in
    when its id and its words are the built-in ones (a pack's own principles.yaml with other words keeps them)."""
    from game.scenario import builtin
    from game.scenario.babel_extract import context

    for kind, records, known in (("principle", pack.principles, builtin.principles()),
                                 ("pattern", pack.patterns, builtin.patterns())):
        for key, rec in records.items():
            source = known.get(key)
            for name in PRINCIPLE_FIELDS:
                text = getattr(rec, name)
                if source is None or not text or text != getattr(source, name) or (PRINCIPLES, key, name) in t:
                    continue
                said = pgettext(context(kind, name), text)
                if said != text:
                    t[(PRINCIPLES, key, name)] = said


def builtins_in_language(pack: Pack) -> Pack:
    """The pack with its built-in principles and patterns in the game's language (for a pack played without a
    catalog of its own in that language); the pack itself when nothing changes (English)."""
    t: dict[tuple[str, ...], str] = {}
    _builtins_in_game_language(pack, t)
    if not t:
        return pack
    out = dataclasses.replace(pack)
    out.principles = {k: _with(v, t, (PRINCIPLES, k), PRINCIPLE_FIELDS) for k, v in pack.principles.items()}
    out.patterns = {k: _with(v, t, (PRINCIPLES, k), PRINCIPLE_FIELDS) for k, v in pack.patterns.items()}
    out.scenarios = [sc.loaded(dataclasses.replace(sc.origin, pack=out), sc.id or "") for sc in pack.scenarios]
    return out


def scenario_with_builtins(sc: Scenario) -> Scenario:
    """One loaded scenario whose pack's built-in principles and patterns are in the game's language."""
    from game.scenario.pack import Pack

    pack = sc.pack
    if not isinstance(pack, Pack):
        return sc
    new = builtins_in_language(pack)
    return sc if new is pack else sc.loaded(dataclasses.replace(sc.origin, pack=new), sc.id or "")


def translate_pack(pack: Pack, tr: Translations, *, scenarios: bool = True) -> Pack:
    """A translated copy of a pack: its principles, patterns and (unless `scenarios` is false) every scenario,
    each naming the copy as its pack. A built-in principle or pattern text the pack's catalog has no current
    translation of comes from the game's own catalog (game/locale), then stays English."""
    t = _translated(principle_places(pack), tr)
    _builtins_in_game_language(pack, t)
    out = dataclasses.replace(pack)
    out.principles = {k: _with(v, t, (PRINCIPLES, k), ("name", "summary", "tip"))
                      for k, v in pack.principles.items()}
    out.patterns = {k: _with(v, t, (PRINCIPLES, k), ("name", "summary", "tip"))
                    for k, v in pack.patterns.items()}
    out.scenarios = [translate_scenario(sc, tr, out) for sc in pack.scenarios] if scenarios else list(pack.scenarios)
    return out


def scenario_in(sc: Scenario, tr: Translations) -> Scenario:
    """One loaded scenario translated, with its pack's principles and patterns."""
    from game.scenario.pack import Pack

    pack = sc.pack
    if not isinstance(pack, Pack):
        return translate_scenario(sc, tr)
    return translate_scenario(sc, tr, translate_pack(pack, tr, scenarios=False))


# ----------------------------------------------------------------- lint --lang

MAX_UNKNOWN_REPORTED = 20


def translation_findings(places: list[Place], tr: Translations, *, whole_pack: bool) -> list[Finding]:
    """A warning for every place without a usable translation; with `whole_pack`, also for entries that name
    no place (at most MAX_UNKNOWN_REPORTED, then one line with the count)."""
    lang, po = tr.lang, tr.file
    found: list[Finding] = []
    for p in places:
        entry = tr.entries.get(p.context)
        if entry is None or not entry.msgstr:
            found.append(Finding(p.file, p.line, p.column, "warning", "l10n-missing",
                                 _("no {lang} translation for `{place}`; add its msgstr in {po} (run `rapport l10n "
                                   "extract` and merge l10n/messages.pot when the entry is not there).").format(
                                       lang=lang, place=p.context, po=po)))
        elif entry.msgid != p.source:
            found.append(Finding(po, entry.line, 1, "warning", "l10n-stale",
                                 _("the {lang} translation of `{place}` was made for other source text, so the "
                                   "source is shown; revise the msgstr and set the msgid to the current text (a PO "
                                   "tool does this when you merge l10n/messages.pot).").format(
                                       lang=lang, place=p.context)))
        elif entry.fuzzy:
            found.append(Finding(po, entry.line, 1, "warning", "l10n-missing",
                                 _("the {lang} translation of `{place}` is marked fuzzy (needs review), so the "
                                   "source is shown; review it and remove the fuzzy mark.").format(
                                       lang=lang, place=p.context)))
        elif len(entry.msgstr) > p.limit:
            found.append(Finding(po, entry.line, 1, "warning", "l10n-invalid",
                                 _("the {lang} translation of `{place}` is {n} characters; this field holds at "
                                   "most {limit}, so the source is shown. Shorten it.").format(
                                       lang=lang, place=p.context, n=len(entry.msgstr), limit=p.limit)))
        elif CONTROL.search(entry.msgstr):
            found.append(Finding(po, entry.line, 1, "warning", "l10n-invalid",
                                 _("the {lang} translation of `{place}` holds an invisible control character, "
                                   "so the source is shown; remove it (line breaks and tabs are fine).").format(
                                       lang=lang, place=p.context)))
    for ctx, line in tr.plurals:
        found.append(Finding(po, line, 1, "warning", "l10n-invalid",
                             _("`{place}` has plural forms (msgid_plural); Rapport's texts take none, so the "
                               "entry is not used. Make it one msgid and one msgstr.").format(place=_short(ctx))))
    if whole_pack:
        known = {p.context for p in places}
        unknown = [(ctx, e.line) for ctx, e in tr.entries.items() if ctx not in known]
        for ctx, line in unknown[:MAX_UNKNOWN_REPORTED]:
            found.append(Finding(po, line, 1, "warning", "l10n-unknown",
                                 _("`{place}` names no text of this pack (a renamed id, or a removed text); "
                                   "delete the entry, or mark it obsolete by merging l10n/messages.pot.").format(
                                       place=_short(ctx))))
        if len(unknown) > MAX_UNKNOWN_REPORTED:
            found.append(Finding(po, 1, 1, "warning", "l10n-unknown",
                                 _("{n} more entries name no text of this pack; merge l10n/messages.pot into the "
                                   "file to mark them obsolete.").format(n=len(unknown) - MAX_UNKNOWN_REPORTED)))
    return found


def _short(ctx: str) -> str:
    return ctx if len(ctx) <= 120 else ctx[:117] + "..."


__all__ = ["Entry", "builtins_in_language", "scenario_with_builtins", "LanguageMaps", "Place", "Translations", "language_maps", "language_tag", "load_translations", "pack_places", "principle_places",
           "read_translations", "scenario_in", "scenario_places", "translate_pack", "translate_scenario", "translation_findings"]


# ----------------------------------------------------------------- rapport l10n extract

def pot_bytes(places: list[Place], project: str, version: str | None) -> bytes:
    """messages.pot for the places, in their order, each with the file and line of its source."""
    import io
    from datetime import UTC, datetime

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    # A fixed date and header: extracting an unchanged pack writes the same bytes.
    catalog = Catalog(project=project, version=version or "", fuzzy=False,
                      creation_date=datetime(2000, 1, 1, tzinfo=UTC),
                      header_comment=f"# Texts of the pack {project} to translate, made by `rapport l10n extract`.\n"
                                     "# To start a language, copy this file to LANG.po (like es.po) in this folder.")
    for p in places:
        where = [(Path(p.file).name, p.line)] if p.file.endswith((".yaml", ".yml")) else []
        catalog.add(p.source, "", locations=where, context=p.context)
    buf = io.BytesIO()
    write_po(buf, catalog, width=76)
    return buf.getvalue()


def write_pot(pack: Pack) -> tuple[Path, bool]:
    """Write or update PACK/l10n/messages.pot; (its path, whether the file changed)."""
    assert pack.root is not None
    target = pack.root / "l10n" / "messages.pot"
    data = pot_bytes(pack_places(pack), pack.title, pack.info.version)
    try:
        if target.read_bytes() == data:
            return target, False
    except OSError:
        pass
    target.parent.mkdir(exist_ok=True)
    tmp = target.with_suffix(".pot.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target, True


# ----------------------------------------------------------------- every language's text (xAPI language maps)

def language_tag(lang: str) -> str:
    """An RFC 5646 tag for a gettext language code: `pt_BR` -> `pt-BR`."""
    return lang.replace("_", "-")


_CATALOGS: dict[tuple[str, int, int], Translations | None] = {}  # (path, mtime, size) -> catalog (None: broken)


def _catalogs(root: Path) -> list[Translations]:
    """Every readable l10n/LANG.po of a pack, each read once while the file is unchanged (an attempt starts
    with them, and a build reads them for every scenario)."""
    out = []
    for path in sorted((root / "l10n").glob("*.po")):
        if check_lang(path.stem) is not None:
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
        if key not in _CATALOGS:
            try:
                _CATALOGS[key] = read_translations(path, str(path), path.stem)
            except ScenarioError:  # lint reports a broken catalog; it just adds no language here
                _CATALOGS[key] = None
            if len(_CATALOGS) > 64:
                _CATALOGS.pop(next(iter(_CATALOGS)))
        tr = _CATALOGS[key]
        if tr is not None:
            out.append(tr)
    return out


def language_maps(sc: Scenario) -> LanguageMaps:
    """The texts of a loaded (or translated) scenario in every language of its pack."""
    if sc.origin.languages is not None:
        return sc.origin.languages
    source = sc.origin.source or sc
    pack = sc.origin.pack
    root = getattr(pack, "root", None)
    info = getattr(pack, "info", None)
    written = language_tag(str(getattr(info, "language", None) or "en"))
    played = language_tag(sc.origin.language) if sc.origin.language else written
    sid = source.id or ""
    title = {written: source.title}
    prompts: dict[str, dict[str, str]] = {}
    choices: dict[str, dict[str, dict[str, str]]] = {}
    for nid, node in source.nodes.items():
        if node.text:
            prompts[nid] = {written: node.text}
        choices[nid] = {c.choice_id: {written: c.text} for c in node.choices or ()}
    if isinstance(root, Path):
        places = [p for p in scenario_places(source) if p.context.endswith("|text") or p.context == f"{sid}||title"]
        for tr in _catalogs(root):
            tag = language_tag(tr.lang)
            for p in places:
                text = tr.text(p)
                if text is None:
                    continue
                parts = p.context.split("|")
                if parts[1:] == ["", "title"]:
                    title[tag] = text
                elif len(parts) == 3 and parts[1] in prompts:
                    prompts[parts[1]][tag] = text
                elif len(parts) == 4 and parts[2] in choices.get(parts[1], {}):
                    choices[parts[1]][parts[2]][tag] = text
    return LanguageMaps(played, title, prompts, choices)
