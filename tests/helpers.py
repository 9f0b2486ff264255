"""Small helpers every suite's tests share (import from here, never from another app's test module):
images and workbooks to upload, readers for responses and workbooks, and the database before and after."""

import io
import re

from django.apps import apps
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from PIL import Image

ON_POSTGRES = connection.vendor == "postgresql"


# --- what tests upload ------------------------------------------------------------------------------


def png_bytes(size=(40, 30)) -> bytes:
    """A real PNG image of `size` pixels."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def figures(campaign, start=None, end=None) -> dict[str, int]:
    """The catalogue's figures for the campaign's own bureau, dated in [start, end] (default: the campaign)."""
    from reports.indicators import CATALOGUE
    from reports.selectors import Scope, count_indicators

    period = (start or campaign.start, end or campaign.end)
    values = count_indicators(CATALOGUE, Scope.of_bureau(campaign), {"period": period})
    return {key: by_period["period"] for key, by_period in values.items()}


def research_figures(campaign, start=None, end=None) -> dict[str, int]:
    found = figures(campaign, start, end)
    return {name: found[f"research.{name}"] for name in ("departments", "intermediaries", "people_visited")}


def xlsx_bytes(headers, rows) -> bytes:
    """A workbook with one sheet: the `headers` row, then `rows`."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_photos(records, owner) -> list:
    """Give each record a photo (lists show their attachments: the query counts include them)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bureau.ledger.uploads import store_attachment

    for record in records:
        photo = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
        store_attachment(record, photo, "image/png", owner, "photo")
    return records


# --- reading responses ------------------------------------------------------------------------------


def assert_list_queries_do_not_grow(client, url, add_rows, queries, django_assert_num_queries):
    """The list page at `url` runs `queries` queries showing 1 row and showing 20 (`add_rows(n)` records
    n more rows)."""
    add_rows(1)
    client.get(url)  # warm the session and content-type caches
    with django_assert_num_queries(queries):
        first = client.get(url)
    add_rows(19)
    with django_assert_num_queries(queries):
        second = client.get(url)
    assert len(first.context["records"]) == 1
    assert len(second.context["records"]) == 20


def create_url(slug: str) -> str:
    from bureau.ledger.registry import REGISTRY

    return reverse(REGISTRY[slug].url_name("create"))


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(response) -> str:
    return content_of(response).decode(errors="replace")


def form_errors(response) -> dict:
    context = response.context
    form = context.get("form") if context is not None else None
    return dict(form.errors) if form is not None else {}


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token_from(response) -> str:
    match = CSRF_INPUT.search(text_of(response))
    assert match, "the page has no CSRF token"
    return match[1]


def workbook_of(response):
    """The workbook a (streamed) download holds."""
    return load_workbook(io.BytesIO(content_of(response)))


# --- the database before and after ----------------------------------------------------------------

LEDGER_APPS = ("bureau", "campaigns", "surveys", "enterprises", "reports")
# The audit trail records refusals and imports themselves: it is meant to grow on a refused request.
AUDIT_TRAIL = {"bureau.AuditEvent", "bureau.AuditChain"}

# Rows a create may add beside the record itself: its visitors and policies, a newly registered research
# subject, a questionnaire's default public link, the qualification an approved application grants.
SIDE_TABLES = (
    "enterprises.EnterpriseVisit_visitors",
    "enterprises.EnterpriseVisit_policies",
    "surveys.ResearchSubject",
    "surveys.HistoricalResearchSubject",
    "surveys.QuestionnaireLink",
    "surveys.HistoricalQuestionnaireLink",
    "enterprises.Qualification",
    "enterprises.HistoricalQualification",
)


# What a new work item adds besides: its first step (交办) and, when given to someone else, their notice.
WORK_ITEM_NOTICES = ("bureau.Notification",)


def created_models(record_type) -> tuple:
    """What saving one new record of `record_type` adds a row to: the record, and for a work item (整改事项,
    实施方案任务, 企业问题) the first event of its work loop (交办, bureau.ledger.lifecycle.record_assignment)."""
    from bureau.ledger.lifecycle import WorkEvent

    return (record_type.model, WorkEvent) if record_type.work_item else (record_type.model,)


def ledger_models():
    for label in LEDGER_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label not in AUDIT_TRAIL:
                yield model


def snapshot(models=None) -> dict[str, tuple]:
    """Per ledger table: row count, highest id and, where there are such columns, the latest update and
    the sum of versions (a changed row moves one of them even when the count stays). One query."""
    parts = []
    quote = connection.ops.quote_name
    for model in models or ledger_models():
        opts = model._meta
        names = {f.name: f.column for f in opts.concrete_fields}
        columns = [
            "COUNT(*)",
            f"MAX({quote(opts.pk.column)})",
            f"MAX({quote(names['updated_at'])})" if "updated_at" in names else "NULL",
            f"SUM({quote(names['version'])})" if "version" in names else "NULL",
        ]
        texts = ", ".join(f"CAST({c} AS TEXT)" for c in columns)
        # Table and column names come from the models, never from input.
        parts.append(f"SELECT '{opts.label}', {texts} FROM {quote(opts.db_table)}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {label: tuple(values) for label, *values in cursor.fetchall()}


def _label(model_or_label) -> str:
    return model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label


def differences(before: dict, after: dict) -> dict[str, tuple]:
    return {label: (before[label], after[label]) for label in before if before[label] != after[label]}


class Ledger:
    """`ledger = Ledger()` before the hostile request, then `ledger.assert_unchanged()` or
    `ledger.assert_created(StudySession)` after it."""

    def __init__(self, models=None):
        self.models = list(models) if models else None
        self.before = snapshot(self.models)

    def changes(self, ignore=()) -> dict[str, tuple]:
        ignored = {_label(m) for m in ignore}
        return {k: v for k, v in differences(self.before, snapshot(self.models)).items() if k not in ignored}

    def assert_unchanged(self, ignore=()):
        changed = self.changes(ignore)
        assert not changed, f"the database changed: {changed}"

    def assert_created(self, *models, count=1, also=(), ignore=()):
        """Exactly `count` new rows of each of `models` (and their history rows); `also` may change freely."""
        changed = self.changes(ignore=(*ignore, *also))
        expected = set()
        for model in models:
            label = _label(model)
            expected.add(label)
            old, new = changed.get(label, (("0",), ("0",)))
            assert int(new[0]) - int(old[0]) == count, f"{label}: {old} -> {new}"
            app, name = label.split(".")
            historical = f"{app}.Historical{name}"
            if historical in self.before:
                expected.add(historical)
                old, new = changed.get(historical, (("0",), ("0",)))
                assert int(new[0]) - int(old[0]) == count, f"{historical}: {old} -> {new}"
        unexpected = {k: v for k, v in changed.items() if k not in expected}
        assert not unexpected, f"unexpected changes: {unexpected}"


def migrate(targets):
    """Run the migrations to `targets`; the historical apps as of them, to write rows the old schema had."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest_migrations():
    from django.db.migrations.executor import MigrationExecutor

    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


def import_in_browser(client, kind, upload, *, confirm=True):
    """Upload → the preview → 确认导入, as a user does. Returns the page the user ends on: the preview when it
    refused the file (or `confirm` is False), else the import's page after confirming."""
    from django.urls import reverse

    preview = client.post(reverse("ledger:import"), {"kind": kind, "file": upload})
    if not confirm or preview.status_code != 200:
        return preview
    return client.post(reverse("ledger:import-confirm", args=[preview.context["job"].pk]), follow=True)
