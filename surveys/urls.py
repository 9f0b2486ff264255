from django.urls import path

from bureau.ledger.registry import urls_of

from . import (
    record_types,  # noqa: F401  (registers the record types)
    views,
)

app_name = "surveys"

urlpatterns = [
    *urls_of(app_name),
    # The public pages respondents open from a QR code: no account, an unguessable token.
    path("q/<str:token>/", views.answer, name="answer"),
    path("q/<str:token>/thanks/", views.answer_thanks, name="answer-thanks"),
]
