from bureau.ledger.registry import urls_of

from . import record_types  # noqa: F401  (registers the record types)

app_name = "campaigns"

urlpatterns = urls_of(app_name)
