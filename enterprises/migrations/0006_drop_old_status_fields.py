# The old status fields go in a migration of their own: on PostgreSQL a table whose rows the data migration
# just changed cannot be altered in the same transaction (pending trigger events).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0005_work_loop_states'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='enterpriseissue',
            name='resolved_on',
        ),
        migrations.RemoveField(
            model_name='historicalenterpriseissue',
            name='resolved_on',
        ),
    ]
