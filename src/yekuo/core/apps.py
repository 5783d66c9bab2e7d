from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yekuo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.apps import apps  # noqa: PLC0415

        from yekuo.core.choice_labels import install_choice_labels  # noqa: PLC0415
        from yekuo.core.lookups import register_lookups  # noqa: PLC0415

        register_lookups()

        install_choice_labels(model for model in apps.get_models() if model.__module__.startswith("yekuo."))
