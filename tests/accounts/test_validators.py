"""Log-in names: mainland mobile numbers for customers, lowercase names for staff, and masking."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yekuo.accounts.validators import mask_mobile_number, validate_mobile_number, validate_staff_username


@pytest.mark.parametrize("number", ["13800138000", "19912345678", "15000000000"])
def test_mainland_mobile_numbers_are_accepted(number: str) -> None:
    validate_mobile_number(number)


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("12800138000", id="second-digit-2"),
        pytest.param("1380013800", id="ten-digits"),
        pytest.param("138001380001", id="twelve-digits"),
        pytest.param("+8613800138000", id="country-code"),
        pytest.param("138 0013 8000", id="spaces-not-normalised-here"),
        pytest.param("1380013800a", id="letter"),
        pytest.param("", id="empty"),
    ],
)
def test_malformed_mobile_numbers_are_refused(number: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_mobile_number(number)

    assert caught.value.code == "invalid_mobile_number"


@pytest.mark.parametrize("username", ["wang.wei", "li-na_2", "abc", "a" * 40])
def test_staff_usernames_are_accepted(username: str) -> None:
    validate_staff_username(username)


@pytest.mark.parametrize(
    "username",
    [
        pytest.param("13800138000", id="a-mobile-number"),
        pytest.param("ab", id="too-short"),
        pytest.param("a" * 41, id="too-long"),
        pytest.param("Wang", id="uppercase"),
        pytest.param("_wang", id="starts-with-underscore"),
        pytest.param("wang wei", id="space"),
        pytest.param("王伟", id="chinese-characters"),
    ],
)
def test_malformed_staff_usernames_are_refused(username: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_staff_username(username)

    assert caught.value.code == "invalid_staff_username"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        pytest.param("13800138000", "138****8000", id="mobile"),
        pytest.param("1380013", "*******", id="not-eleven-digits-fully-hidden"),
        pytest.param("", "", id="empty"),
    ],
)
def test_mask_mobile_number_shows_the_first_three_and_last_four(number: str, masked: str) -> None:
    assert mask_mobile_number(number) == masked
