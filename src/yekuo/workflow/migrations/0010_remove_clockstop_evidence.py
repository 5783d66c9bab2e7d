# The single evidence column, replaced by ClockStopEvidence rows in 0009 (its own migration, so that
# PostgreSQL never alters a table in the transaction that copied its rows).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0009_clock_stop_evidence_files'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='clockstop',
            name='evidence',
        ),
    ]
