"""Find text a page shows in the wrong language: English words left on a Chinese page, Chinese on an
English one. Data (names, units, addresses) is legitimately in either language: pass it as `allowed`.

On a Chinese page every run of English words counts. An English msgid of two words or more of the
zh_Hans catalogue is reported whole, punctuation included ("Your roles", "Page not found."). Not counted:
what ALWAYS_ALLOWED lists, the msgids the catalogue keeps unchanged ("220 V"), codes that mix letters and
digits (employee number E000001, masked 110***002X), e-mail addresses and web addresses.
Extend ALWAYS_ALLOWED with words that stay as they are in both languages (product names, units of
measure, codes).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yekuo

# The product name, the language switch's own labels (each shows in its own language), units of measure,
# file formats.
ALWAYS_ALLOWED: frozenset[str] = frozenset(
    {
        "业扩",
        "yekuo",
        "简体中文",
        "English",
        "kV",
        "kVA",
        "kW",
        "kWh",
        "V",
        "GB/T",
        "GB",
        "PDF",
        "JPEG",
        "PNG",
    }
)

CATALOGUE = Path(yekuo.__file__).resolve().parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

CHINESE_CHARACTERS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = r"[A-Za-z][A-Za-z'’-]*"
# A word touching a letter or digit is part of a code (E000001, 110***002X, v2), not English.
ENGLISH_WORDS = re.compile(rf"(?<![A-Za-z0-9]){_WORD}(?:[ \t]+{_WORD})*(?![A-Za-z0-9])")
E_MAIL_AND_WEB_ADDRESSES = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^}]*\}")
ASCII_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


@dataclass
class CatalogueEntry:
    msgid: str
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index (0 for a singular entry) -> text
    flags: frozenset[str] = frozenset()

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[index] for index in sorted(self.msgstr)]


def _unquote(quoted: str) -> str:
    """The text of a PO string literal such as "a \\"b\\"\\n"."""
    body = quoted.strip()
    if len(body) < 2 or body[0] != '"' or body[-1] != '"':
        raise ValueError(f"not a PO string: {quoted!r}")
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(1)), body[1:-1])


PO_STRING_START = re.compile(r"^(?P<keyword>msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(?P<literal>\".*\")$")


def read_catalogue(path: Path = CATALOGUE) -> list[CatalogueEntry]:
    """The entries of a PO file, header (msgid "") included, obsolete (#~) entries left out."""
    blocks = re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8"))
    return [entry for entry in map(_read_entry, blocks) if entry is not None]


def _read_entry(block: str) -> CatalogueEntry | None:
    flags: set[str] = set()
    strings: dict[str, str] = {}
    keyword = ""
    for line in block.splitlines():
        start = PO_STRING_START.match(line)
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif start is not None:
            keyword = start.group("keyword")
            strings[keyword] = _unquote(start.group("literal"))
        elif line.startswith('"') and keyword:
            strings[keyword] += _unquote(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"cannot read the line {line!r}")
    if "msgid" not in strings:
        return None  # obsolete entries and comments only
    translations = {
        int(index or 0): text
        for keyword, text in strings.items()
        for index in re.findall(r"^msgstr(?:\[(\d+)\])?$", keyword)
    }
    return CatalogueEntry(strings["msgid"], strings.get("msgid_plural"), translations, frozenset(flags))


@functools.cache
def _catalogue_words(path: Path) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """A pattern of the English msgids that a Chinese page must not show, and the msgids kept as they are."""
    translated: set[str] = set()
    unchanged: set[str] = set()
    for entry in read_catalogue(path):
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if not ASCII_LETTER_OR_DIGIT.search(english) or PLACEHOLDER.search(english):
                continue
            if english in entry.translations:
                unchanged.add(english)
            elif all(entry.translations) and len(re.findall(_WORD, english)) >= 2:
                translated.add(english)
    if not translated:
        return None, frozenset(unchanged)
    alternatives = "|".join(re.escape(msgid) for msgid in sorted(translated, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])"), frozenset(unchanged)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _remove(text: str, fragment: str) -> str:
    """`text` with every occurrence of `fragment` blanked; an ASCII edge must not touch a letter or digit."""
    before = r"(?<![A-Za-z0-9])" if ASCII_LETTER_OR_DIGIT.match(fragment[0]) else ""
    after = r"(?![A-Za-z0-9])" if ASCII_LETTER_OR_DIGIT.match(fragment[-1]) else ""
    return re.sub(before + re.escape(fragment) + after, lambda match: " " * len(match.group(0)), text)


def untranslated_fragments(
    page_text: str, language: str, *, allowed: Iterable[str] = (), catalogue: Path = CATALOGUE
) -> list[str]:
    """The fragments of `page_text` that are not in `language` ("zh-hans" or "en"), in page order."""
    is_chinese = language.lower().startswith("zh")
    if not is_chinese and not language.lower().startswith("en"):
        raise ValueError(f"no check for the language {language!r}")
    remaining = page_text
    if not is_chinese:
        for fragment in sorted({*ALWAYS_ALLOWED, *allowed} - {""}, key=len, reverse=True):
            remaining = _remove(remaining, fragment)
        return CHINESE_CHARACTERS.findall(remaining)
    # Whole msgids first, before the allowed words are taken out of them ("yekuo handles applications…").
    msgids, kept_as_they_are = _catalogue_words(catalogue)
    remaining = E_MAIL_AND_WEB_ADDRESSES.sub(lambda match: " " * len(match.group(0)), remaining)
    found: list[tuple[int, str]] = []
    if msgids is not None:
        found = [(match.start(), match.group(0)) for match in msgids.finditer(remaining)]
        for start, english in found:
            remaining = _blank(remaining, start, start + len(english))
    for fragment in sorted({*ALWAYS_ALLOWED, *kept_as_they_are, *allowed} - {""}, key=len, reverse=True):
        remaining = _remove(remaining, fragment)
    found += [(match.start(), match.group(0)) for match in ENGLISH_WORDS.finditer(remaining)]
    return [english for _, english in sorted(found)]
