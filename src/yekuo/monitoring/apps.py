from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "yekuo.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from yekuo.monitoring.aggregates import register_sqlite_percentile  # noqa: PLC0415  # needs apps

        connection_created.connect(register_sqlite_percentile, dispatch_uid="monitoring_sqlite_percentile")
