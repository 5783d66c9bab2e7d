"""Find text a page shows in the wrong language: English words left on a Chinese page, Chinese on an
English one. Data (names, units, addresses) is legitimately in either language: pass it as `allowed`.

The lead turns this into an assertion once the zh_Hans catalogue exists; extend ALWAYS_ALLOWED with words
that stay as they are in both languages (product names, units of measure, codes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The product name and the language switch's own labels, which each show in their own language.
ALWAYS_ALLOWED: frozenset[str] = frozenset({"业扩", "yekuo", "简体中文", "English"})

CHINESE_CHARACTERS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ENGLISH_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*)*")


def untranslated_fragments(page_text: str, language: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """The fragments of `page_text` that are not in `language` ("zh-hans" or "en"), in page order."""
    remaining = page_text
    for fragment in sorted({*ALWAYS_ALLOWED, *allowed}, key=len, reverse=True):
        remaining = remaining.replace(fragment, " ")
    if language.lower().startswith("zh"):
        return ENGLISH_WORDS.findall(remaining)
    if language.lower().startswith("en"):
        return CHINESE_CHARACTERS.findall(remaining)
    raise ValueError(f"no check for the language {language!r}")
