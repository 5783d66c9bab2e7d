"""The helper that will guard against untranslated text (no browser needed)."""

from __future__ import annotations

import pytest

from tests.browser.language_checks import untranslated_fragments


def test_english_left_on_a_chinese_page_is_found() -> None:
    text = "工作台\nYour roles\n受理员 王受理"

    assert untranslated_fragments(text, "zh-hans") == ["Your roles"]


def test_chinese_left_on_an_english_page_is_found_unless_it_is_data() -> None:
    text = "Workbench\n您的角色\nIntake clerk · 东山供电所"

    assert untranslated_fragments(text, "en", allowed=["东山供电所"]) == ["您的角色"]


def test_the_product_name_and_language_names_are_always_allowed() -> None:
    text = "业扩 yekuo 简体中文 English"

    assert untranslated_fragments(text, "zh-hans") == []
    assert untranslated_fragments(text, "en") == []


def test_an_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="fr"):
        untranslated_fragments("texte", "fr")
