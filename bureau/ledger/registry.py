"""One description per record type: its model, form, filters, columns and URLs.

Every app declares its record types here-style and gets list / detail / create / edit / delete
pages from the generic views in `record_views`; the recycle bin and the access tests read the
registry to find every type.
"""

from dataclasses import dataclass, field

from django.urls import path, reverse

REGISTRY: dict[str, "RecordType"] = {}


# The generic pages every record type gets: (action, path below the type's slug).
PAGES = (
    ("list", ""),
    ("export", "export.xlsx"),
    ("print", "print/"),
    ("create", "new/"),
    ("detail", "<int:pk>/"),
    ("edit", "<int:pk>/edit/"),
    ("delete", "<int:pk>/delete/"),
    ("attach", "<int:pk>/attachments/"),
    ("history", "<int:pk>/history/"),
    ("revert", "<int:pk>/history/<int:history_id>/revert/"),
)


# Compared by identity: an entry holds dicts, and each type is registered exactly once.
@dataclass(frozen=True, eq=False)
class RecordType:
    """Everything the ledger needs to know of a record type, in one place.

    A new type is a model, a form, a filter and one `register(RecordType(...))` (plus its migration and
    translations): its URLs, pages, navigation entry, admin page and import template follow from here.
    """

    model: type
    form_class: type
    filterset_class: type
    slug: str  # URL prefix and the import KIND, e.g. "study-sessions"
    list_columns: tuple[str, ...]
    detail_fields: tuple[str, ...] = ()  # empty: the form's fields
    list_select_related: tuple[str, ...] = ()
    # This app's own views in place of generic pages, by action ("list", "detail", "create"…).
    views: dict = field(default_factory=dict)
    extra_urls: tuple = field(default=())
    list_template: str | None = None  # None: the list view's own (ledger/list.html for the generic one)
    detail_template: str = "ledger/detail.html"
    # Where the list appears in the navigation bar: (strand, label); None keeps it out of the bar.
    nav: tuple | None = None
    # Who may create this type; by default anyone with a bureau (DESIGN §3). The plan is the admin's.
    admin_only: bool = False
    # A work item (督办事项): assigned to a 责任人 (`owner`) with a `deadline`; its QuerySet has open() and
    # overdue(today), the model a `warning` colour. Reminders, 我的待办 and the colours read these.
    work_item: bool = False
    # The fields that tell one real event from another (a session: its date, form and topic). An import
    # refuses a row whose values in all of them match another row of the file or a live record of the
    # bureau's campaign; the import template names them.
    identity: tuple[str, ...] = ()

    def __post_init__(self):
        unknown = set(self.views) - {action for action, _path in PAGES}
        if unknown:
            raise ValueError(f"{self.slug}: no such page {sorted(unknown)}")
        for name in self.identity:
            self.model._meta.get_field(name)  # a misspelt identity field fails at start-up, not at import

    def can_create(self, user) -> bool:
        from bureau.ledger.access import can_create

        return can_create(user) and (user.is_admin or not self.admin_only)

    @property
    def importable(self) -> bool:
        """Imported from Excel by anyone who may create it: the admin's types (the plan) are not."""
        return not self.admin_only

    def import_url(self) -> str:
        """The import page with this type chosen."""
        return f"{reverse('ledger:import')}?kind={self.slug}"

    @property
    def opts(self):
        return self.model._meta

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.model_name}-{action}"

    def url(self, action: str, *args) -> str:
        return reverse(self.url_name(action), args=args)

    def urls(self) -> list:
        from bureau.ledger import list_exports, record_views

        list_view = self.views.get("list", record_views.RecordListView)
        generic = {
            "list": record_views.RecordListView,
            # The list's own view, ending in a workbook or a page to print: the same filters and scope.
            "export": list_exports.exporting(list_view),
            "print": list_exports.printing(list_view),
            "create": record_views.RecordCreateView,
            "detail": record_views.RecordDetailView,
            "edit": record_views.RecordUpdateView,
            "delete": record_views.RecordDeleteView,
            "attach": record_views.AttachmentUploadView,
            "history": record_views.RecordHistoryView,
            "revert": record_views.RecordRevertView,
        }
        patterns = []
        for action, suffix in PAGES:
            view = self.views.get(action, generic[action])
            kwargs = {"record_type": self}
            if action in ("list", "export", "print") and self.list_template:
                kwargs["template_name"] = self.list_template
            patterns.append(path(f"{self.slug}/{suffix}", view.as_view(**kwargs), name=f"{self.model_name}-{action}"))
        if self.work_item:
            patterns += [*self.step_urls(), *self.bulk_urls()]
        return [*patterns, *self.extra_urls]

    def step_urls(self) -> list:
        """A work item's steps (签收, 申请销号, 销号, 退回, 延期…: bureau.ledger.lifecycle), one page each."""
        from bureau.ledger import work_views

        return [
            path(
                f"{self.slug}/<int:pk>/steps/<slug:step>/",
                work_views.take_step_view,
                {"record_type": self},
                name=f"{self.model_name}-step",
            )
        ]

    def bulk_urls(self) -> list:
        """A work item's list acts on the rows ticked in it: 改派, 延期, 导出所选 (bureau.ledger.bulk)."""
        from bureau.ledger import bulk

        return [
            path(
                f"{self.slug}/bulk/assign/",
                bulk.bulk_change,
                {"record_type": self, "action": "assign"},
                name=f"{self.model_name}-bulk-assign",
            ),
            path(
                f"{self.slug}/bulk/extend/",
                bulk.bulk_change,
                {"record_type": self, "action": "extend"},
                name=f"{self.model_name}-bulk-extend",
            ),
            path(
                f"{self.slug}/bulk/export.xlsx",
                bulk.bulk_export,
                {"record_type": self},
                name=f"{self.model_name}-bulk-export",
            ),
        ]


def register(record_type: RecordType) -> RecordType:
    from bureau.ledger import navigation

    REGISTRY[record_type.slug] = record_type
    if record_type.nav:
        strand, label = record_type.nav
        navigation.add(strand, label, record_type.url_name("list"))
    return record_type


def work_item_types() -> list[RecordType]:
    return [record_type for record_type in REGISTRY.values() if record_type.work_item]


def urls_of(app_label: str) -> list:
    """Every page of an app's record types, in registration order: what the app's urls.py lists first."""
    return [pattern for rt in REGISTRY.values() if rt.app_label == app_label for pattern in rt.urls()]


def for_model(model) -> RecordType:
    for record_type in REGISTRY.values():
        if record_type.model is model or isinstance(model, record_type.model):
            return record_type
    raise LookupError(model)
