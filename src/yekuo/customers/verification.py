"""SMS verification codes: six digits, stored only as a keyed digest, valid for ten minutes, five wrong
attempts, one use; a number gets at most one code a minute and five an hour."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yekuo.accounts.validators import validate_mobile_number
from yekuo.core import clock
from yekuo.core.errors import Conflict, DomainError, ValidationFailed
from yekuo.customers.models import VerificationCode, VerificationPurpose
from yekuo.notifications.direct import direct_text_send

CODE_DIGITS = 6
CODE_VALIDITY = timedelta(minutes=10)
MAXIMUM_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(minutes=1)
CODES_PER_HOUR = 5


class TooManyRequests(DomainError):
    code = "too_many_requests"
    http_status = 429


def generate_code() -> str:
    """Six random digits (a module function, so tests can know the code they are sent)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(*, mobile_number: str, purpose: str, code: str) -> str:
    """Keyed with the secret key and bound to number and purpose: a leaked table reveals no code."""
    message = f"{purpose}:{mobile_number}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def checked_mobile_number(mobile_number: str) -> str:
    number = "".join(mobile_number.split()).replace("-", "")
    try:
        validate_mobile_number(number)
    except ValidationError as error:
        raise ValidationFailed(error.messages[0], code="invalid_mobile_number") from None
    return number


MESSAGE_TITLE = gettext_lazy("yekuo verification code")
MESSAGE_BODY = gettext_lazy("Your verification code is %(code)s. It is valid for 10 minutes. Never share it.")


@transaction.atomic
def verification_code_send(*, mobile_number: str, purpose: str) -> VerificationCode:
    """Create a code and text it to the number. Earlier unused codes for the same purpose stop working."""
    number = checked_mobile_number(mobile_number)
    if purpose not in VerificationPurpose.values:
        raise ValidationFailed(_("Unknown purpose."), code="invalid_purpose")
    now = clock.now()
    # Lock the number's recent codes so two quick requests cannot both pass the rate limit.
    recent = list(
        VerificationCode.objects.select_for_update()
        .filter(mobile_number=number, created_at__gte=now - timedelta(hours=1))
        .order_by("-created_at")
    )
    if recent and recent[0].created_at > now - RESEND_INTERVAL:
        raise TooManyRequests(
            _("A code was sent less than a minute ago. Please wait before asking for another."),
            code="code_sent_recently",
        )
    if len(recent) >= CODES_PER_HOUR:
        raise TooManyRequests(
            _("Too many codes were requested for this number. Please try again in an hour."),
            code="too_many_codes",
        )
    code = generate_code()
    VerificationCode.objects.filter(mobile_number=number, purpose=purpose, used_at__isnull=True).update(
        expires_at=now
    )
    record = VerificationCode.objects.create(
        mobile_number=number,
        purpose=purpose,
        code_digest=code_digest(mobile_number=number, purpose=purpose, code=code),
        created_at=now,
        expires_at=now + CODE_VALIDITY,
    )
    language_body = str(MESSAGE_BODY) % {"code": code}
    if not direct_text_send(mobile_number=number, title=str(MESSAGE_TITLE), body=language_body):
        raise DomainError(
            _("Text messages cannot be sent at the moment. Please register at your service counter."),
            code="sms_unavailable",
        )
    return record


def _wrong_code() -> ValidationFailed:
    return ValidationFailed(_("The verification code is wrong."), code="code_wrong")


def verification_code_verify(*, mobile_number: str, purpose: str, code: str) -> int:
    """Check the code; returns the code's id for verification_code_use. A wrong code is counted (the
    count is committed even though the caller's change fails) and the fifth wrong one ends the code."""
    number = checked_mobile_number(mobile_number)
    code = code.strip()
    wrong = False
    with transaction.atomic():
        record = (
            VerificationCode.objects.select_for_update()
            .filter(mobile_number=number, purpose=purpose, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if record is None or record.expires_at <= clock.now():
            raise ValidationFailed(
                _("The verification code has expired or was never sent. Ask for a new one."),
                code="code_expired",
            )
        if record.failed_attempts >= MAXIMUM_ATTEMPTS:
            raise ValidationFailed(
                _("Too many wrong codes. Ask for a new one."), code="code_attempts_exceeded"
            )
        expected = code_digest(mobile_number=number, purpose=purpose, code=code)
        if len(code) != CODE_DIGITS or not hmac.compare_digest(expected, record.code_digest):
            record.failed_attempts += 1
            record.save(update_fields=["failed_attempts"])
            wrong = True
    if wrong:
        raise _wrong_code()
    return record.pk


def verification_code_use(*, code_id: int) -> None:
    """Spend the code inside the caller's transaction: a second use of the same code fails."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("use the code inside the transaction of the change it authorises")
    spent = VerificationCode.objects.filter(pk=code_id, used_at__isnull=True).update(used_at=clock.now())
    if spent != 1:
        raise Conflict(_("This verification code has already been used."), code="code_used")
