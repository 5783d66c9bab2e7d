"""Issuing, checking and revoking API tokens. The raw key is shown once and never stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.api.models import ApiToken
from yekuo.core import clock
from yekuo.core.errors import ValidationFailed

KEY_PREFIX = "yk_"
MAXIMUM_KEY_LENGTH = 200


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str) -> str:
    """Create a token for `user` and return its raw key; only its digest is kept."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("A token needs a name."))
    if not user.is_active:
        raise ValidationFailed(_("A deactivated account gets no token."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_digest=key_digest(key), created_at=clock.now())
    return key


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])


def api_token_user(key: str) -> User | None:
    """The active user whose unrevoked token has this key, or None; records when the token was used."""
    if not key or len(key) > MAXIMUM_KEY_LENGTH:
        return None
    digest = key_digest(key)
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    # The lookup is by digest; comparing again in constant time guards against a lenient database collation.
    if token is None or not hmac.compare_digest(token.key_digest, digest):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
    return token.user
