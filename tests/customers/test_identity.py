"""Identity numbers: GB 11643-1999 resident identity numbers, GB 32100-2015 credit codes, masking."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yekuo.customers import identity
from yekuo.customers.identity import IdentityDocumentType

# The worked example printed in GB 11643-1999 and a second one widely used in textbooks; both check out
# with the MOD 11-2 algorithm (the test below recomputes them).
VALID_RESIDENT_IDS = ["11010519491231002X", "440524188001010014"]
# Commonly cited valid credit codes, recomputed below with the GB 32100 MOD 31 algorithm.
VALID_CREDIT_CODES = ["91350100M000100Y43", "91440300708461136T", "91110000600037341L"]


@pytest.mark.parametrize("number", VALID_RESIDENT_IDS)
def test_resident_id_check_character_matches_published_examples(number: str) -> None:
    assert identity.resident_id_check_character(number[:17]) == number[17]
    identity.validate_resident_id(number)


def test_resident_id_check_character_is_x_for_remainder_two() -> None:
    # 11010519491231002: weighted sum 167, 167 mod 11 = 2, and position 2 of "10X98765432" is X.
    total = sum(int(d) * w for d, w in zip("11010519491231002", identity.RESIDENT_ID_WEIGHTS, strict=True))

    assert total % 11 == 2
    assert identity.resident_id_check_character("11010519491231002") == "X"


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("110105194912310021", id="wrong-check-character"),
        pytest.param("11010519490231002X", id="february-31st"),
        pytest.param("11010519491331002X", id="month-13"),
        pytest.param("01010519491231002X", id="region-starting-with-zero"),
        pytest.param("11010519491231002x", id="lowercase-x-not-normalised"),
        pytest.param("1101051949123100", id="too-short"),
        pytest.param("11010519491231002XX", id="too-long"),
        pytest.param("1101051949123100AX", id="letter-inside"),
        pytest.param("", id="empty"),
    ],
)
def test_resident_id_is_refused_when_malformed(number: str) -> None:
    with pytest.raises(ValidationError) as caught:
        identity.validate_resident_id(number)

    assert caught.value.code == "invalid_resident_id"


def test_resident_id_with_impossible_date_is_refused_even_with_the_right_check_character() -> None:
    first_seventeen = "11010519490231002"  # 31 February 1949
    number = first_seventeen + identity.resident_id_check_character(first_seventeen)

    with pytest.raises(ValidationError):
        identity.validate_resident_id(number)


def test_normalise_identity_number_removes_spaces_and_uppercases() -> None:
    assert identity.normalise_identity_number(" 110105 19491231 002x ") == "11010519491231002X"


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_credit_code_check_character_matches_published_examples(code: str) -> None:
    assert identity.credit_code_check_character(code[:17]) == code[17]
    identity.validate_credit_code(code)


def test_credit_code_check_character_is_zero_when_the_sum_divides_by_31() -> None:
    # All zeros: weighted sum 0, so 31 - 0 = 31, which the standard maps to "0".
    assert identity.credit_code_check_character("0" * 17) == "0"


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("91350100M000100Y44", id="wrong-check-character"),
        pytest.param("91350100M000100Y4", id="too-short"),
        pytest.param("91350100M000100Y433", id="too-long"),
        pytest.param("91350100I000100Y43", id="letter-I-not-in-alphabet"),
        pytest.param("91350100O000100Y43", id="letter-O-not-in-alphabet"),
        pytest.param("9135A100M000100Y43", id="letter-in-region-code"),
        pytest.param("91350100m000100y43", id="lowercase-not-normalised"),
        pytest.param("", id="empty"),
    ],
)
def test_credit_code_is_refused_when_malformed(code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        identity.validate_credit_code(code)

    assert caught.value.code == "invalid_credit_code"


@pytest.mark.parametrize(
    ("document_type", "number"),
    [
        pytest.param(IdentityDocumentType.HONG_KONG_MACAO_PERMIT, "H12345678", id="hong-kong-permit"),
        pytest.param(IdentityDocumentType.HONG_KONG_MACAO_PERMIT, "M1234567801", id="macao-permit-11"),
        pytest.param(IdentityDocumentType.TAIWAN_PERMIT, "12345678", id="taiwan-permit"),
        pytest.param(IdentityDocumentType.PASSPORT, "E12345678", id="passport"),
        pytest.param(IdentityDocumentType.RESIDENT_IDENTITY_CARD, "11010519491231002X", id="resident-id"),
    ],
)
def test_identity_document_accepts_well_formed_numbers(document_type: str, number: str) -> None:
    identity.validate_identity_document(document_type, number)


@pytest.mark.parametrize(
    ("document_type", "number", "code"),
    [
        pytest.param(
            IdentityDocumentType.HONG_KONG_MACAO_PERMIT,
            "X12345678",
            "invalid_identity_number",
            id="hk-bad-prefix",
        ),
        pytest.param(
            IdentityDocumentType.TAIWAN_PERMIT, "1234567", "invalid_identity_number", id="taiwan-short"
        ),
        pytest.param(IdentityDocumentType.PASSPORT, "E1", "invalid_identity_number", id="passport-short"),
        pytest.param(
            IdentityDocumentType.RESIDENT_IDENTITY_CARD,
            "110105194912310021",
            "invalid_resident_id",
            id="resident",
        ),
        pytest.param("", "11010519491231002X", "invalid_document_type", id="no-document-type"),
        pytest.param("driving_licence", "11010519491231002X", "invalid_document_type", id="unknown-type"),
    ],
)
def test_identity_document_refuses_malformed_numbers(document_type: str, number: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        identity.validate_identity_document(document_type, number)

    assert caught.value.code == code


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        pytest.param("11010519491231002X", "110***********002X", id="resident-id"),
        pytest.param("H12345678", "H12**5678", id="permit"),
        pytest.param("1234567", "*******", id="seven-characters-fully-hidden"),
        pytest.param("", "", id="empty"),
    ],
)
def test_mask_identity_number_keeps_only_first_three_and_last_four(number: str, masked: str) -> None:
    assert identity.mask_identity_number(number) == masked
