from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "yekuo.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from yekuo.org.access import forget_role_assignments  # noqa: PLC0415
        from yekuo.org.models import RoleAssignment  # noqa: PLC0415

        post_save.connect(forget_role_assignments, sender=RoleAssignment, dispatch_uid="yekuo.org.roles")
        post_delete.connect(forget_role_assignments, sender=RoleAssignment, dispatch_uid="yekuo.org.roles")
