"""Writing notifications and marking them read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from yekuo.accounts.models import User
from yekuo.core import clock
from yekuo.core.errors import AccessDenied
from yekuo.notifications.configuration import configured_channels
from yekuo.notifications.models import Delivery, DeliveryChannel, Notification

TITLE_LENGTH = 200


def _render(text: StrOrPromise, params: Mapping[str, object] | None) -> str:
    rendered = str(text)
    return rendered % params if params else rendered


# No savepoint of its own: inside the caller's transaction it is part of that change (the sweep writes
# thousands); called alone it still writes the message and its deliveries together.
@transaction.atomic(savepoint=False)
def notify(
    *,
    recipient: User,
    kind: str,
    title: StrOrPromise,
    body: StrOrPromise,
    params: Mapping[str, object] | None = None,
    link: str = "",
    application_id: int | None = None,
    work_item_id: int | None = None,
    channels: Iterable[DeliveryChannel] | None = None,
) -> Notification:
    """Put a message in the recipient's inbox and queue one delivery per configured channel.

    Call it inside the transaction of the change it announces: the message exists if and only if the
    change does. `title` and `body` are translatable texts (gettext_lazy) with %(name)s placeholders
    filled from `params`; they are rendered now, in the recipient's language (lazy params such as a
    stage's label are translated too), and stored as text.
    """
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        rendered_title = " ".join(_render(title, params).split())[:TITLE_LENGTH]
        rendered_body = _render(body, params)
    now = clock.now()
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        title=rendered_title,
        body=rendered_body,
        link=link,
        application_id=application_id,
        work_item_id=work_item_id,
        created_at=now,
    )
    Delivery.objects.bulk_create(
        Delivery(notification=notification, channel=channel, next_attempt_at=now)
        for channel in (configured_channels() if channels is None else channels)
    )
    return notification


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Only the recipient marks a message read; reading it again keeps the first time."""
    notification = Notification.objects.select_for_update().filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise AccessDenied(_("This notification does not exist."), code="notification_not_found")
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread message of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=clock.now())
