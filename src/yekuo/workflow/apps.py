from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "yekuo.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        from django.db.models.signals import pre_save  # noqa: PLC0415
        from treebeard.mp_tree import path_updated  # noqa: PLC0415

        from yekuo.org.models import Unit  # noqa: PLC0415
        from yekuo.workflow import daily_figures  # noqa: PLC0415

        # A unit moved to another parent (treebeard's move, as the admin's drag and drop does) or given
        # another level changes which units every past fact counts under: the daily figures go, to be
        # rolled up again; the dashboard counts live meanwhile.
        path_updated.connect(daily_figures.forget_after_reorganisation, sender=Unit)
        pre_save.connect(daily_figures.forget_when_level_changes, sender=Unit)
