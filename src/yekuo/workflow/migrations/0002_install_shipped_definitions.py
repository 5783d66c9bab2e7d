"""Install the process definitions and time-limit rule sets shipped with this version."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from yekuo.workflow.installation import WorkflowModels, install_definitions, install_rule_sets


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    models = WorkflowModels(
        process_definition=apps.get_model("workflow", "ProcessDefinition"),
        stage_definition=apps.get_model("workflow", "StageDefinition"),
        return_edge=apps.get_model("workflow", "ReturnEdge"),
        rule_set=apps.get_model("workflow", "RuleSet"),
        time_limit=apps.get_model("workflow", "TimeLimit"),
        whole_process_limit=apps.get_model("workflow", "WholeProcessLimit"),
    )
    install_definitions(models)
    install_rule_sets(models)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
