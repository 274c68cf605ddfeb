"""`rapport web build PACK --out DIR`: a static site that plays every scenario of a pack in a browser.

What goes into DIR, all made here so the browser downloads nothing from anywhere else:

- `pack.json`: the pack loaded and checked by the desktop loader, compiled to data (`game.play.compiled`);
- `py/rapport.zip`: Rapport's pure-Python layers (engine, controller, store) and the pure-Python packages
  they need (`transitions`, `six`), taken from this interpreter's installed copies and unpacked into
  Pyodide's file system by the page;
- `pyodide/`: Pyodide's core (the WebAssembly interpreter and its standard library) from the npm package
  pinned in `game/web/package.json` and `package-lock.json` (installed with `npm ci`, which checks each
  file's integrity hash);
- `img/`: every portrait in every mood its scenario can show, and every background, drawn to PNG by the game's own art code;
- `index.html`, `app.js`, `app.css`, `theme.css` (the window's palettes) and the Lato fonts;
- `i18n.js`: the page's own words in the site's language (`--lang`), from the game's catalog
  (game/locale/LANG/LC_MESSAGES/rapport.po), with its plural rule; the worker gets the same catalog compiled
  into the bundle (`game/locale/LANG/LC_MESSAGES/rapport.mo`);
- `lrs.json`: the Learning Record Store the page sends xAPI statements to (`--lrs`), or `{}`; an
  address only, never credentials.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
GAME = HERE.parent
# Files of the npm package `pyodide` the page loads (the rest of the package is docs, types and consoles).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# The layers the browser runs: no window (ui), no commands, no YAML loader (scenario/pack, yamlread, ...).
GAME_MODULES = (
    "__init__.py", "textsafe.py", "i18n.py", "attempts.py", "trend.py", "engine", "play", "store",
    "scenario/model.py", "scenario/declare.py", "scenario/expr.py", "scenario/errors.py", "scenario/builtin.py",
    "web/__init__.py", "web/runtime.py", "web/sync.py",
)
PURE_DEPENDENCIES = ("transitions", "six")
PORTRAIT_HEIGHT = 200  # px; shown at 180 CSS px, which keeps the site within its 15 MB
BACKGROUND_SIZE = (1280, 800)
MOOD_RANGE = 5  # the rapport values whose mood is tabled; beyond it the end values hold


class WebBuildError(Exception):
    """A problem the author can fix (a broken pack, no npm); one sentence, or the pack's findings."""


@dataclass
class BuildResult:
    out: Path
    scenarios: int
    images: int
    total_bytes: int
    files: list[Path] = field(default_factory=list)


def _say(log: Callable[[str], None] | None, text: str) -> None:
    if log is not None:
        log(text)


# ----------------------------------------------------------------------------- the pack

def load_checked_pack(pack_dir: Path) -> Any:
    """The pack, loaded by the desktop loader; any broken file stops the build with every finding."""
    from game.scenario import load_pack

    if not pack_dir.is_dir():
        raise WebBuildError(f"no pack folder at {pack_dir}")
    pack = load_pack(pack_dir)
    problems = [str(f) for f in pack.findings if f.severity == "error"]
    problems += [str(f) for b in pack.broken for f in b.findings]
    if problems:
        raise WebBuildError("the pack has errors; fix them before building the site:\n" + "\n".join(problems))
    if not pack.scenarios:
        raise WebBuildError(f"the pack at {pack_dir} has no scenario to play")
    return pack


def mood_table() -> dict[str, Any]:
    """The window's rapport-to-expression rule, tabled, so the page draws the same face without pygame."""
    from game.ui.art import mood_for

    table: dict[str, Any] = {str(r): mood_for(r) for r in range(-MOOD_RANGE, MOOD_RANGE + 1)}
    table.update({"min": -MOOD_RANGE, "max": MOOD_RANGE})
    return table


def compiled_pack(pack: Any, lang: str = "en") -> dict[str, Any]:
    from game import i18n
    from game.play.compiled import pack_from_data, pack_to_data
    from game.web.runtime import menu

    data = pack_to_data(pack)
    before = i18n.language()
    i18n.set_language(lang)  # the menu's own words ("You") in the site's language, as the worker says them
    try:
        data["web"] = {"moods": mood_table(), "menu": menu(pack_from_data(data)), "lang": lang}
    finally:
        i18n.set_language(before)
    return data


def translated_pack(pack: Any, pack_dir: Path, lang: str) -> Any:
    """The pack in `lang`: its l10n/LANG.po applied (as `rapport play --lang`); the pack as it is when it has
    no catalog for `lang` (the page's own words are still translated)."""
    from game.scenario.errors import ScenarioError
    from game.scenario.l10n import check_lang, load_translations, po_path, translate_pack

    problem = check_lang(lang)
    if problem is not None:
        raise WebBuildError(f"--lang: {problem}")
    if not po_path(pack_dir, lang).is_file():
        return pack
    try:
        tr = load_translations(pack_dir, lang)
    except ScenarioError as exc:
        raise WebBuildError("the pack's translation cannot be read:\n" + "\n".join(map(str, exc.findings))) from None
    return translate_pack(pack, tr)


# ----------------------------------------------------------------------------- the page's own words

PLURAL_EXPR = re.compile(r"^[n0-9\s()?:<>=!&|%+*/-]+$")


def _catalog(lang: str) -> Any:
    """The game's catalog for `lang` (babel's), or None for English or a language without one."""
    from babel.messages.pofile import read_po

    from game.i18n import LOCALE_DIR, SOURCE

    for code in (lang, lang.split("_")[0]):
        if code == SOURCE:
            return None
        po = LOCALE_DIR / code / "LC_MESSAGES" / "rapport.po"
        if po.is_file():
            with po.open("rb") as f:
                return read_po(f)
    return None


PAGE_SCRIPTS = ("app.js", "xapi.js")  # the page's files that mark strings with `_()` / `ngettext()`


def page_msgids() -> set[str]:
    """Every msgid (a plural's singular) the page's scripts mark: only these go into i18n.js."""
    from babel.messages.extract import extract

    found: set[str] = set()
    for name in PAGE_SCRIPTS:
        with (STATIC / name).open("rb") as f:
            for _line, message, _comments, _context in extract("javascript", f):
                found.add(message if isinstance(message, str) else message[0])
    return found


def page_strings(lang: str) -> str:
    """`i18n.js`: the page's language, its translated strings (msgid -> msgstr, or a list of plural forms keyed
    by the singular) and the plural rule as a function. Empty for English: every string shows as written."""
    catalog = _catalog(lang)
    messages: dict[str, Any] = {}
    expr = "(n != 1)"
    wanted = page_msgids()
    if catalog is not None:
        expr = catalog.plural_expr
        if not PLURAL_EXPR.match(expr):
            raise WebBuildError(f"the {lang} catalog's Plural-Forms rule {expr!r} is not plain arithmetic")
        for m in catalog:
            if not m.id or m.fuzzy or (m.id[0] if isinstance(m.id, (list, tuple)) else m.id) not in wanted:
                continue
            if isinstance(m.id, (list, tuple)):
                forms = list(m.string) if isinstance(m.string, (list, tuple)) else [m.string]
                if all(forms):
                    messages[m.id[0]] = forms
            elif m.string:
                messages[m.id] = m.string
    tag = lang.replace("_", "-") if catalog is not None else "en"
    return ("// Generated by `rapport web build --lang`: the page's own words (game/locale), and the plural rule.\n"
            f"export const LANG = {json.dumps(tag)};\n"
            f"export const MESSAGES = {json.dumps(messages, ensure_ascii=False, sort_keys=True)};\n"
            f"export function plural(n) {{ return Number({expr}); }}\n")


NOSCRIPT = "Rapport runs in your browser and needs JavaScript turned on."


def _noscript(lang: str) -> str:
    """index.html's one sentence shown without JavaScript (which translates the rest), in `lang`."""
    from game import i18n

    before = i18n.language()
    i18n.set_language(lang)
    try:
        return i18n._("Rapport runs in your browser and needs JavaScript turned on.")
    finally:
        i18n.set_language(before)


def worker_catalog(lang: str) -> bytes | None:
    """The game's catalog for `lang` compiled to .mo, for the worker's Python (game.i18n); None for English."""
    from babel.messages.mofile import write_mo

    catalog = _catalog(lang)
    if catalog is None:
        return None
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


# ----------------------------------------------------------------------------- pictures

def _settings_of(sc: Any) -> list[str]:
    found = [sc.setting, *(n.setting for n in sc.nodes.values())]
    return [s for s in dict.fromkeys(found) if s]


def render_art(pack: Any, out: Path) -> list[Path]:
    """Every character of every scenario in every mood, and every setting, as PNG files under `out`."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.ui.art import ArtLibrary, scenario_moods

    pygame.display.init()
    art = ArtLibrary()
    takes_look = "look" in inspect.signature(art.portrait).parameters
    written: list[Path] = []
    (out / "portraits").mkdir(parents=True, exist_ok=True)
    (out / "backgrounds").mkdir(parents=True, exist_ok=True)
    settings: dict[str, None] = {}
    for sc in pack.scenarios:
        folder = out / "portraits" / sc.id
        folder.mkdir(parents=True, exist_ok=True)
        moods = scenario_moods(sc)  # only the faces its lines can show: the site stays small
        for cid, ch in sc.characters.items():
            for mood in moods[cid]:
                extra = {"look": ch.look} if takes_look else {}
                surf = art.portrait(cid, ch.portrait, mood, PORTRAIT_HEIGHT, pack, **extra)
                path = folder / f"{cid}_{mood}.png"
                pygame.image.save(surf, str(path))
                written.append(path)
        settings.update(dict.fromkeys(_settings_of(sc)))
    for setting in settings:
        path = out / "backgrounds" / f"{setting}.png"
        pygame.image.save(art.background(setting, BACKGROUND_SIZE, pack), str(path))
        written.append(path)
    return written


def theme_css() -> str:
    """The window's palettes as CSS custom properties: normal, and high contrast under `.high-contrast`."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.ui import theme

    def block(selector: str, pal: Any) -> str:
        lines = [f"{selector} {{"]
        for name in ("bg", "surface", "surface_alt", "ink", "ink_muted", "line", "accent", "accent_ink",
                     "accent_soft", "good", "bad", "mixed", "focus_ring"):
            r, g, b = getattr(pal, name)[:3]
            lines.append(f"  --{name.replace('_', '-')}: rgb({r} {g} {b});")
        lines.append(f"  --border-width: {max(1, int(pal.border_width))}px;")
        lines.append("}")
        return "\n".join(lines)

    return ("/* Generated by `rapport web build` from game/ui/theme.py: the window's own colors. */\n"
            + block(":root", theme.LIGHT) + "\n" + block(":root.high-contrast", theme.HIGH_CONTRAST) + "\n")


def copy_fonts(out: Path) -> list[Path]:
    from game.ui.theme import lato_path

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for weight in ("regular", "bold", "italic"):
        src = lato_path(weight)  # type: ignore[arg-type]
        if src is not None and Path(src).is_file():
            dst = out / Path(src).name
            shutil.copyfile(src, dst)
            written.append(dst)
    return written


# ----------------------------------------------------------------------------- Python and Pyodide

def _dependency_files(name: str) -> Iterable[tuple[Path, str]]:
    """The installed files of a pure-Python distribution, as (source, path inside the bundle)."""
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        raise WebBuildError(f"the package {name} is not installed here; install the game's dependencies "
                            "(`make play`) before building the site") from None
    for f in dist.files or []:
        rel = str(f)
        if rel.endswith((".pyc", ".pyi")) or "__pycache__" in rel or rel.startswith(".."):
            continue
        if ".dist-info/" in rel and not rel.endswith(("METADATA", "WHEEL", "top_level.txt")):
            continue
        src = Path(str(dist.locate_file(f)))
        if src.is_file():
            yield src, rel


def python_bundle(lang: str = "en") -> bytes:
    """A zip of the pure-Python code the browser runs, unpacked into Pyodide's file system by the page, with
    the game's catalog for `lang` (the worker's own words)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        mo = worker_catalog(lang)
        if mo is not None:
            z.writestr(f"game/locale/{lang}/LC_MESSAGES/rapport.mo", mo)
        for entry in GAME_MODULES:
            src = GAME / entry
            files = sorted(src.rglob("*.py")) if src.is_dir() else [src]
            for f in files:
                if "__pycache__" in f.parts:
                    continue
                z.write(f, "game/" + f.relative_to(GAME).as_posix())
        z.writestr("game/scenario/__init__.py", '"""The scenario model only: the YAML loader stays on the desktop."""\n')
        for name in PURE_DEPENDENCIES:
            for src, rel in _dependency_files(name):
                z.write(src, rel)
    return buf.getvalue()


def npm_folder() -> Path:
    """Where `npm ci` installs the pinned front-end packages (reused while the lock file is unchanged)."""
    env = os.environ.get("RAPPORT_WEB_NPM_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rapport" / "web-npm"


def install_npm_packages(folder: Path, log: Callable[[str], None] | None = None) -> Path:
    """`npm ci` of game/web/package-lock.json into `folder`; returns its node_modules."""
    lock = (HERE / "package-lock.json").read_bytes()
    stamp = folder / ".lock-sha256"
    digest = hashlib.sha256(lock).hexdigest()
    modules = folder / "node_modules"
    if stamp.is_file() and stamp.read_text().strip() == digest and (modules / "pyodide" / "package.json").is_file():
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise WebBuildError("npm is not installed; the site's Python runtime (Pyodide) comes from the npm "
                            "registry. Install Node.js and npm, then build again")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, folder / name)
    _say(log, f"installing the pinned npm packages into {folder} (npm ci)")
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=folder,
                          capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise WebBuildError("npm ci failed: " + " / ".join(tail))
    stamp.write_text(digest + "\n")
    return modules


def copy_pyodide(modules: Path, out: Path) -> list[Path]:
    src = modules / "pyodide"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in PYODIDE_FILES:
        if not (src / name).is_file():
            raise WebBuildError(f"the npm package pyodide has no {name}; reinstall it (delete {modules.parent})")
        if name == "pyodide-lock.json":
            (out / name).write_text(_lock_without_packages(src / name), encoding="utf-8")
        else:
            shutil.copyfile(src / name, out / name)
        written.append(out / name)
    return written


def _lock_without_packages(path: Path) -> str:
    """Pyodide's lock file with its package list emptied: the page loads no package (they would come from a
    CDN), and the list of 357 packages is 118 KB of the site's 15 MB budget."""
    lock = json.loads(path.read_text(encoding="utf-8"))
    lock["packages"] = {}
    return json.dumps(lock, separators=(",", ":")) + "\n"


def pyodide_version(modules: Path) -> str:
    return str(json.loads((modules / "pyodide" / "package.json").read_text())["version"])


# ----------------------------------------------------------------------------- the site

MARKER = "rapport-site.json"


def _prepare(out: Path) -> None:
    """An empty folder, or one an earlier build made (its files are replaced); never someone else's folder."""
    if out.exists() and not out.is_dir():
        raise WebBuildError(f"--out {out} is a file; give a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise WebBuildError(f"--out {out} is a folder with other files in it; give an empty or new folder")
    if out.is_dir():
        for child in out.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def lrs_settings(endpoint: str | None, homepage: str | None = None) -> dict[str, str]:
    """What `lrs.json` tells the page: the LRS's address and the learners' homePage. Never credentials:
    the page takes those from its launch address or asks (docs/web.md)."""
    from game.store.lrs_config import ConfigError, check_endpoint
    from game.store.lrs_http import redact

    if not endpoint:
        if homepage:
            raise WebBuildError("--lrs-homepage names learners in xAPI statements; give --lrs URL with it")
        return {}
    if "@" in endpoint.split("//", 1)[-1].split("/", 1)[0]:
        raise WebBuildError(f"--lrs {redact(endpoint)}: the address holds a user name or password, which would be "
                            "readable by anyone who opens the site; give the address without them (learners give "
                            "the credentials when they open the site)")
    try:
        data = {"endpoint": check_endpoint(endpoint)}
    except ConfigError as exc:
        raise WebBuildError(f"--lrs: {exc}") from None
    if homepage:
        if not homepage.startswith(("http://", "https://")):
            raise WebBuildError(f"--lrs-homepage {homepage!r}: give an http:// or https:// address (the "
                                "institution's system that names the learners, as `rapport lrs configure`)")
        data["homepage"] = homepage
    return data


def build_site(pack_dir: Path | str, out: Path | str, *, log: Callable[[str], None] | None = None,
               lrs: str | None = None, lrs_homepage: str | None = None, lang: str | None = None) -> BuildResult:
    from game import __version__

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the pictures are drawn with pygame
    pack_dir, out = Path(pack_dir), Path(out)
    pack = load_checked_pack(pack_dir)
    lang = lang or str(getattr(pack.info, "language", None) or "en")
    pack = translated_pack(pack, pack_dir, lang)
    strings = page_strings(lang)
    lrs_json = lrs_settings(lrs, lrs_homepage)
    modules = install_npm_packages(npm_folder(), log)
    _prepare(out)
    files: list[Path] = []
    (out / "pack.json").write_text(json.dumps(compiled_pack(pack, lang), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    files.append(out / "pack.json")
    (out / "py").mkdir()
    (out / "py" / "rapport.zip").write_bytes(python_bundle(lang))
    files.append(out / "py" / "rapport.zip")
    files += copy_pyodide(modules, out / "pyodide")
    images = render_art(pack, out / "img")
    files += images
    files += copy_fonts(out / "fonts")
    for src in sorted(STATIC.iterdir()):
        if src.is_file():
            shutil.copyfile(src, out / src.name)
            files.append(out / src.name)
    tag = strings.split('LANG = "', 1)[1].split('"', 1)[0]
    html = (out / "index.html").read_text(encoding="utf-8")
    html = html.replace('<html lang="en">', f'<html lang="{tag}">', 1).replace(NOSCRIPT, _noscript(lang), 1)
    (out / "index.html").write_text(html, encoding="utf-8")
    (out / "i18n.js").write_text(strings, encoding="utf-8")
    files.append(out / "i18n.js")
    (out / "theme.css").write_text(theme_css(), encoding="utf-8")
    files.append(out / "theme.css")
    (out / "lrs.json").write_text(json.dumps(lrs_json, indent=2) + "\n", encoding="utf-8")
    files.append(out / "lrs.json")
    manifest = {"kind": "rapport-site", "rapport": __version__, "pyodide": pyodide_version(modules),
                "pack": pack.title, "lang": lang, "scenarios": [sc.id for sc in pack.scenarios],
                "python": f"{sys.version_info.major}.{sys.version_info.minor}"}
    (out / MARKER).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    files.append(out / MARKER)
    total = sum(f.stat().st_size for f in files)
    return BuildResult(out, len(pack.scenarios), len(images), total, files)


# ----------------------------------------------------------------------------- SCORM 1.2

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="rapport">
    <organization identifier="rapport">
      <title>{title}</title>
      <item identifier="play" identifierref="site" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="site" type="webcontent" adlcp:scormtype="sco" href="index.html">
{files}
    </resource>
  </resources>
</manifest>
"""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def scorm_manifest(site: Path, pack_title: str) -> str:
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    slug = "-".join("".join(c if c.isalnum() else " " for c in pack_title.lower()).split())
    title = pack_title if pack_title.lower().startswith("rapport") else f"Rapport: {pack_title}"
    return MANIFEST.format(ident=_xml(f"rapport-{slug}" if slug else "rapport"), title=_xml(title),
                           files="\n".join(f'      <file href="{_xml(f)}"/>' for f in files))


def scorm_package(site: Path, out_zip: Path) -> Path:
    """The built site as a SCORM 1.2 package: `imsmanifest.xml` at the root of the zip, beside index.html."""
    manifest = json.loads((site / MARKER).read_text(encoding="utf-8"))
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_zip.with_name(f".{out_zip.name}.part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", scorm_manifest(site, str(manifest["pack"])))
        for p in sorted(site.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(site).as_posix())
    os.replace(tmp, out_zip)
    return out_zip


__all__ = ["BuildResult", "WebBuildError", "build_site", "python_bundle", "scorm_manifest", "scorm_package"]
