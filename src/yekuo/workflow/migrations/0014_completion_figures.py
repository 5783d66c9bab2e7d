"""Copy the working days of the applications completed before applications 0006 onto them, as the
transition that completes an application now does."""

from django.db import migrations

COPY = """
UPDATE applications_application
SET completed_utility_working_days = (
        SELECT process.utility_working_days_used FROM workflow_applicationprocess process
        WHERE process.application_id = applications_application.id),
    completed_whole_process_limit_days = (
        SELECT process.whole_process_limit_days FROM workflow_applicationprocess process
        WHERE process.application_id = applications_application.id)
WHERE status = 'completed'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_completion_figures"),
        ("workflow", "0013_clock_stop_rectification_declaration"),
    ]

    operations = [migrations.RunSQL(COPY, reverse_sql=migrations.RunSQL.noop)]
