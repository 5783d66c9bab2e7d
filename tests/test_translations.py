"""The zh_Hans catalogue: complete, no fuzzy entry, placeholders kept, the glossary's terms used, and the
committed .mo the compilation of the committed .po. Also the helper the browser tests use to find English
left on a Chinese page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from django.utils import translation

from tests.browser.language_checks import (
    CATALOGUE,
    CatalogueEntry,
    read_catalogue,
    untranslated_fragments,
)

COMPILED = CATALOGUE.with_suffix(".mo")
GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"

# printf-style conversions as Python's % operator reads them, and str.format fields.
PERCENT_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{[A-Za-z_0-9.\[\]]*(?:![rsa])?(?::[^{}]*)?\}")


@pytest.fixture(scope="module")
def entries() -> list[CatalogueEntry]:
    return read_catalogue(CATALOGUE)


def messages(entries: list[CatalogueEntry]) -> list[CatalogueEntry]:
    return [entry for entry in entries if entry.msgid]


def placeholders(text: str, entry: CatalogueEntry) -> tuple[frozenset[str], Counter[str]]:
    """The named placeholders, and how many of each unnamed kind, that `text` holds."""
    named: set[str] = set()
    unnamed: Counter[str] = Counter()
    if "no-python-format" not in entry.flags:  # "% of the limit" is a percent sign
        for match in PERCENT_PLACEHOLDER.finditer(text):
            if match.group(0) == "%%":
                continue
            if match.group("name") is not None:
                named.add(match.group(0))
            else:
                unnamed[match.group(0)[-1]] += 1
    named.update(BRACE_PLACEHOLDER.findall(text))
    return frozenset(named), unnamed


def test_the_header_declares_simplified_chinese_in_utf8_with_one_plural_form(
    entries: list[CatalogueEntry],
) -> None:
    header = entries[0]
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)

    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert fields["Language"] == "zh_Hans"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=1; plural=0;"


def test_every_entry_is_translated_and_none_is_fuzzy(entries: list[CatalogueEntry]) -> None:
    assert len(messages(entries)) > 500
    untranslated = [entry.msgid for entry in messages(entries) if not all(entry.translations)]
    fuzzy = [entry.msgid for entry in messages(entries) if "fuzzy" in entry.flags]

    assert untranslated == []
    assert fuzzy == []


def test_plural_entries_have_exactly_the_one_chinese_form(entries: list[CatalogueEntry]) -> None:
    plurals = [entry for entry in messages(entries) if entry.msgid_plural is not None]

    assert plurals, "the templates use {% blocktranslate count %}"
    assert [entry.msgid for entry in plurals if sorted(entry.msgstr) != [0]] == []


def test_every_translation_keeps_the_placeholders_of_its_msgid(entries: list[CatalogueEntry]) -> None:
    mismatches = []
    for entry in messages(entries):
        expected = placeholders(entry.msgid, entry)
        if entry.msgid_plural is not None:
            assert placeholders(entry.msgid_plural, entry) == expected, entry.msgid
        for translated in entry.translations:
            if placeholders(translated, entry) != expected:
                mismatches.append((entry.msgid, translated))

    assert mismatches == []


def test_the_placeholder_check_sees_a_lost_or_renamed_placeholder() -> None:
    entry = CatalogueEntry(msgid="Hello, %(name)s", msgstr={0: "您好"})

    assert placeholders("您好", entry) != placeholders(entry.msgid, entry)
    assert placeholders("%(nom)s，您好", entry) != placeholders(entry.msgid, entry)
    assert placeholders("%(name)s，您好", entry) == placeholders(entry.msgid, entry)
    assert placeholders("{count} 个", entry) != placeholders("{total} units", entry)


def glossary_terms() -> dict[str, list[str]]:
    """English label (lower case) -> the Chinese terms any one of which its translation must use. A label
    the glossary gives twice may use either term ("Supply contract": the stage 供用电合同签订, the record
    供用电合同)."""
    terms: dict[str, list[str]] = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in {"中文", ""} or set(cells[0]) <= {"-"}:
            continue
        chinese = [re.sub(r"\s*\(.*\)$", "", term).strip() for term in cells[0].split(" / ")]
        labels = [label.strip() for label in cells[2].split(" / ")]
        if len(labels) > 1 and len(labels) == len(chinese):
            pairs = [(label, [term]) for label, term in zip(labels, chinese, strict=True)]
        else:
            pairs = [(cells[2], chinese)]
        for label, label_terms in pairs:
            terms.setdefault(label.lower(), []).extend(label_terms)
    return terms


def test_labels_of_the_glossary_are_translated_with_its_terms(entries: list[CatalogueEntry]) -> None:
    terms = glossary_terms()
    checked = 0
    departures = []
    for entry in messages(entries):
        label_terms = terms.get(entry.msgid.lower())
        if label_terms is not None:
            checked += 1
            if not any(term in entry.msgstr[0] for term in label_terms):
                departures.append((entry.msgid, entry.msgstr[0], label_terms))

    assert checked > 60, "the glossary or the catalogue could not be read"
    assert departures == []


def test_the_compiled_catalogue_is_the_compilation_of_the_po_file(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt is missing: install gettext")
        pytest.skip("msgfmt (gettext) is not installed, so the .mo cannot be compared with the .po")
    compiled = tmp_path / "django.mo"

    subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(CATALOGUE)], check=True)  # noqa: S603

    assert COMPILED.exists(), "run: cd src/yekuo && django-admin compilemessages --locale zh_Hans"
    assert compiled.read_bytes() == COMPILED.read_bytes(), (
        "the .mo is stale; run: cd src/yekuo && django-admin compilemessages --locale zh_Hans"
    )


def test_yekuo_s_catalogue_is_used_and_overrides_django_s() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Workbench") == "工作台"
        assert translation.gettext("Log out") == "退出登录"  # Django's own catalogue says 注销
        singular, plural = "%(total)s unit within your roles.", "%(total)s units within your roles."
        units = translation.ngettext(singular, plural, 3)
        assert units == "您的岗位范围内共有 %(total)s 个单位。"


# The helper of the browser tests.


def test_a_whole_english_msgid_is_reported_with_its_punctuation() -> None:
    text = "工作台\nResponsible head of the unit: receives escalations and approves clock stops.\n单位负责人"

    assert untranslated_fragments(text, "zh-hans") == [
        "Responsible head of the unit: receives escalations and approves clock stops."
    ]


def test_english_that_is_no_msgid_is_reported_too() -> None:
    assert untranslated_fragments("您好 Something new here 工作台 Staff", "zh-hans") == [
        "Something new here",
        "Staff",
    ]


def test_codes_units_addresses_and_unchanged_msgids_are_not_english() -> None:
    text = (
        "工号 E000001 · 证件 110***********002X · 10 kV · 220 V · 联系 li@example.cn · https://example.cn/x"
    )

    assert untranslated_fragments(text, "zh-hans") == []


def test_allowed_data_is_matched_as_whole_words_only() -> None:
    assert untranslated_fragments("单位 Team A 与 Teamwork", "zh-hans", allowed=["Team A"]) == ["Teamwork"]
