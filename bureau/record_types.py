"""One description per record type: its model, form, filters, columns and URLs.

Every app declares its record types here-style and gets list / detail / create / edit / delete
pages from the generic views in `record_views`; the recycle bin and the access tests read the
registry to find every type.
"""

from dataclasses import dataclass, field

from django.urls import path

REGISTRY: dict[str, "RecordType"] = {}


@dataclass(frozen=True)
class RecordType:
    model: type
    form_class: type
    filterset_class: type
    slug: str  # URL prefix and the import KIND, e.g. "study-sessions"
    list_columns: tuple[str, ...]
    detail_fields: tuple[str, ...] = ()  # empty: the form's fields
    list_select_related: tuple[str, ...] = ()
    extra_urls: tuple = field(default=())
    detail_template: str = "records/detail.html"
    # Who may create this type; by default anyone with a bureau (DESIGN §3). The plan is the admin's.
    admin_only: bool = False

    def can_create(self, user) -> bool:
        from .access import can_create

        return can_create(user) and (user.is_admin or not self.admin_only)

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.model_name}-{action}"

    def urls(self) -> list:
        from . import record_views as views

        name = self.model_name
        return [
            path(f"{self.slug}/", views.RecordListView.as_view(record_type=self), name=f"{name}-list"),
            path(f"{self.slug}/new/", views.RecordCreateView.as_view(record_type=self), name=f"{name}-create"),
            path(f"{self.slug}/<int:pk>/", views.RecordDetailView.as_view(record_type=self), name=f"{name}-detail"),
            path(f"{self.slug}/<int:pk>/edit/", views.RecordUpdateView.as_view(record_type=self), name=f"{name}-edit"),
            path(
                f"{self.slug}/<int:pk>/delete/", views.RecordDeleteView.as_view(record_type=self), name=f"{name}-delete"
            ),
            path(
                f"{self.slug}/<int:pk>/attachments/",
                views.AttachmentUploadView.as_view(record_type=self),
                name=f"{name}-attach",
            ),
            path(
                f"{self.slug}/<int:pk>/history/",
                views.RecordHistoryView.as_view(record_type=self),
                name=f"{name}-history",
            ),
            path(
                f"{self.slug}/<int:pk>/history/<int:history_id>/revert/",
                views.RecordRevertView.as_view(record_type=self),
                name=f"{name}-revert",
            ),
            *self.extra_urls,
        ]


def register(record_type: RecordType) -> RecordType:
    REGISTRY[record_type.slug] = record_type
    return record_type


def for_model(model) -> RecordType:
    for record_type in REGISTRY.values():
        if record_type.model is model or isinstance(model, record_type.model):
            return record_type
    raise LookupError(model)
