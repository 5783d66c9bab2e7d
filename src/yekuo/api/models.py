"""API tokens: other systems authenticate with a bearer key. Only its SHA-256 digest is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), related_name="api_tokens", on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system."))
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"
