// The page's own words in the site's language. `rapport web build --lang LANG` writes i18n.js from the game's
// catalog (game/locale/LANG/LC_MESSAGES/rapport.po: msgid -> msgstr, plural forms by the singular, and the
// catalog's plural rule); a string the catalog lacks shows in English. `make locale` extracts every `_()` and
// `ngettext()` of app.js and xapi.js into game/locale/rapport.pot, as it does the Python's.
import { LANG, MESSAGES, plural } from "./i18n.js";

export { LANG };

export function _(message) {
  const found = Object.hasOwn(MESSAGES, message) ? MESSAGES[message] : null;
  return typeof found === "string" && found ? found : message;
}
export function ngettext(singular, pluralText, n) {
  const forms = Object.hasOwn(MESSAGES, singular) ? MESSAGES[singular] : null;
  if (Array.isArray(forms)) {
    const form = forms[plural(n)];
    if (form) return form;
  }
  return n === 1 ? singular : pluralText;
}
// `{name}` placeholders, filled after translating (a translation may move them): f(_("Hi {who}"), { who }).
export function f(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => Object.hasOwn(values, key) ? String(values[key]) : whole);
}
