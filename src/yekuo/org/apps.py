from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "yekuo.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415
        from treebeard.mp_tree import path_updated  # noqa: PLC0415

        from yekuo.org.access import forget_role_assignments  # noqa: PLC0415
        from yekuo.org.models import RoleAssignment, Staff, Unit  # noqa: PLC0415

        # Roles, headships (Unit.responsible_head) and a head's home unit decide what a user sees; a unit
        # moved in the tree changes the paths remembered (treebeard rewrites them without save signals).
        for model in (RoleAssignment, Unit, Staff):
            uid = f"yekuo.org.roles.{model.__name__}"
            post_save.connect(forget_role_assignments, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_role_assignments, sender=model, dispatch_uid=uid)
        path_updated.connect(forget_role_assignments, dispatch_uid="yekuo.org.roles.paths")
