"""The log-in account. Staff log in with a log-in name, customers with their mobile number."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    CUSTOMER = "customer", _("Customer")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra_fields: object) -> User:
        user = self.model(username=username, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra_fields: object) -> User:
        extra_fields.update(is_staff=True, is_superuser=True, kind=AccountKind.STAFF)
        return self.create_user(username, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One person who logs in. `username` is the staff log-in name or the customer's mobile number."""

    username = models.CharField(_("log-in name"), max_length=40, unique=True)
    kind = models.CharField(_("account kind"), max_length=16, choices=AccountKind.choices)
    display_name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        help_text=_("Empty: follow the browser."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may use the administration site"),
        default=False,
        help_text=_("Only administrators need this; it is unrelated to the staff account kind."),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name", "kind"]

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["staff", "customer"]), name="accounts_user_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"

    @property
    def is_staff_member(self) -> bool:
        return self.kind == AccountKind.STAFF

    @property
    def is_customer(self) -> bool:
        return self.kind == AccountKind.CUSTOMER
