import contextlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")
application = get_wsgi_application()


def _fail_abandoned_imports():
    """A server process starting (gunicorn booting a worker, or replacing one it killed) marks failed the
    imports whose process is gone: their transaction never committed, and "running" would be a lie."""
    from django.db import DatabaseError, connections

    from bureau.ledger.jobs import ImportJob

    # Not migrated yet: `migrate` comes first, and there are no jobs to mark.
    with contextlib.suppress(DatabaseError):
        ImportJob.objects.mark_abandoned()
    # Under `gunicorn --preload` this runs before the fork: no connection may be shared by the workers.
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


_fail_abandoned_imports()
