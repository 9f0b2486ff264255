from django.urls import path

from bureau.ledger.registry import urls_of

from . import views
from .record_types import ENTERPRISES

app_name = "enterprises"

urlpatterns = [
    *urls_of(app_name),
    path(
        "enterprises/<int:pk>/qualifications/",
        views.EnterpriseQualificationView.as_view(record_type=ENTERPRISES),
        name="enterprise-qualification-add",
    ),
    path("qualifications/<int:pk>/delete/", views.delete_qualification, name="qualification-delete"),
]
