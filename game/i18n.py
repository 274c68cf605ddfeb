"""The game's own words in the player's language: gettext catalogs for the window's buttons, headings and notes.

The catalogs are game/locale/<lang>/LC_MESSAGES/rapport.mo (domain `rapport`), made from the .po files beside
them by `make locale` (docs/translating.md, "The game's own words"). Pack texts (scenarios, characters,
principles) are translated separately, by the pack's l10n/LANG.po (game.scenario.l10n).

The language is chosen in this order: `--lang`, then the Language setting, then the environment (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG, as gettext reads them), then English. A string missing from a catalog shows in
English, string by string. Nothing here imports pygame.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

DOMAIN = "rapport"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
SOURCE = "en"  # the language the strings are written in

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE


def from_environment(environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages the environment asks for, best first (`es_MX.UTF-8` -> `es_MX`); [] for none or C/POSIX.

    Like gettext, the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set decides; LANGUAGE may
    list several, separated by colons."""
    env = os.environ if environ is None else environ
    for var in ENV_VARS:
        value = env.get(var, "")
        if not value:
            continue
        out = []
        for item in value.split(":") if var == "LANGUAGE" else [value]:
            code = item.split(".")[0].split("@")[0].strip()
            if code and code not in ("C", "POSIX"):
                out.append(code)
        return out
    return []


def choose(cli: str | None = None, setting: str | None = None,
           environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages to try, best first: `--lang`, else the setting, else the environment, else English."""
    if cli:
        return [cli]
    if setting:
        return [setting]
    return from_environment(environ) or [SOURCE]


def set_language(lang: str | list[str] | None) -> str:
    """Use the first of `lang` that has a catalog (English when none has); returns the language in use."""
    global _current, _language
    wanted = [lang] if isinstance(lang, str) else list(lang or [])
    wanted = [w.replace("-", "_") for w in wanted if w]
    for code in wanted:
        if code.split("_")[0] == SOURCE:
            break
        found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
        if type(found) is gettext.NullTranslations:
            found = _from_po(code) or found
        if type(found) is not gettext.NullTranslations:
            _current, _language = found, code
            return code
    _current, _language = gettext.NullTranslations(), SOURCE
    return SOURCE


def _from_po(code: str) -> gettext.GNUTranslations | None:
    """The catalog read from its .po when no .mo was compiled (a checkout run without `make`); None if none."""
    for candidate in (code, code.split("_")[0]):
        po = LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            import io

            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with po.open("rb") as f:
                catalog = read_po(f)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            buf.seek(0)
            return gettext.GNUTranslations(buf)
    return None


def language() -> str:
    """The language in use (`en` when no catalog matched)."""
    return _language


def available() -> list[str]:
    """The languages with a catalog, English first."""
    found = sorted({p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.[mp]o")})
    return [SOURCE, *[f for f in found if f != SOURCE]]


def _(message: str) -> str:
    """`message` in the language in use (itself when the catalog has no translation)."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number `n` (`{n} decision` / `{n} decisions`), in the language in use."""
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the language in use, told apart from the same English words elsewhere by `context`."""
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (module constants; `_()` them where shown)."""
    return message


def short_datetime(when: datetime) -> str:
    """A day and time the way the language in use writes it: `05 Mar, 14:30` in English, `05 mar, 14:30` in
    Spanish (month names from Babel's locale data)."""
    if _language == SOURCE:
        return when.strftime("%d %b, %H:%M")
    from babel.dates import format_datetime

    try:
        return str(format_datetime(when, "dd MMM, HH:mm", locale=_language))
    except ValueError:  # a catalog's language Babel has no locale data for
        return when.strftime("%d %b, %H:%M")
