# The old status fields go in a migration of their own: on PostgreSQL a table whose rows the data migration
# just changed cannot be altered in the same transaction (pending trigger events).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_work_loop_states'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalplantask',
            name='completed_on',
        ),
        migrations.RemoveField(
            model_name='historicalrectification',
            name='rectified_on',
        ),
        migrations.RemoveField(
            model_name='historicalrectification',
            name='verified_at',
        ),
        migrations.RemoveField(
            model_name='historicalrectification',
            name='verified_by',
        ),
        migrations.RemoveField(
            model_name='plantask',
            name='completed_on',
        ),
        migrations.RemoveField(
            model_name='rectification',
            name='rectified_on',
        ),
        migrations.RemoveField(
            model_name='rectification',
            name='verified_at',
        ),
        migrations.RemoveField(
            model_name='rectification',
            name='verified_by',
        ),
    ]
