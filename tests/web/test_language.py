"""zh-Hans first, English available: the browser's language decides, the switch in the layout overrides it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yekuo.org.models import Staff


@pytest.mark.parametrize(
    ("accept_language", "expected_language"),
    [("zh-CN,zh;q=0.9", "zh-hans"), ("zh-Hans", "zh-hans"), ("en-US", "en"), ("en-GB,en;q=0.8", "en")],
)
def test_the_browser_language_chooses_the_page_language(
    client: Client, db: None, accept_language: str, expected_language: str
) -> None:
    response = client.get(reverse("web:landing"), HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response["Content-Language"] == expected_language
    assert f'<html lang="{expected_language}">' in response.content.decode()


def test_a_browser_asking_for_neither_language_gets_chinese(client: Client, db: None) -> None:
    response = client.get(reverse("web:landing"), HTTP_ACCEPT_LANGUAGE="fr-FR")

    assert response["Content-Language"] == "zh-hans"


def test_chinese_pages_use_django_s_chinese_catalogue(client: Client, db: None) -> None:
    """Until yekuo's own catalogue exists, Django's proves the Chinese catalogue is active."""
    response = client.post(
        reverse("workbench:login"), {"username": "nobody", "password": "x"}, HTTP_ACCEPT_LANGUAGE="zh-CN"
    )

    assert "请输入一个正确的" in response.content.decode()


@pytest.mark.parametrize(("chosen", "browser"), [("en", "zh-CN,zh;q=0.9"), ("zh-hans", "en-US")])
def test_the_language_switch_overrides_the_browser(
    client: Client, db: None, chosen: str, browser: str
) -> None:
    switch = client.post(
        reverse("set_language"),
        {"language": chosen, "next": reverse("web:landing")},
        HTTP_ACCEPT_LANGUAGE=browser,
    )
    page = client.get(reverse("web:landing"), HTTP_ACCEPT_LANGUAGE=browser)

    assert switch.status_code == 302
    assert switch["Location"] == reverse("web:landing")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == chosen
    assert f'<html lang="{chosen}">' in page.content.decode()


def test_every_page_offers_both_languages_in_a_post_form(client: Client, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    page = client.get(reverse("workbench:home")).content.decode()

    assert f'action="{reverse("set_language")}" method="post"' in page
    assert 'name="language" value="zh-hans"' in page
    assert 'name="language" value="en"' in page
    assert "简体中文" in page
    assert "English" in page
