"""A list's export (`/<slug>/export.xlsx?<the list's query>`) and print page (`/<slug>/print/?<query>`):
the rows the list shows for its filters, every page of them, in the import template's columns, so that an
exported month goes back in through the import and the monthly summary comes out the same."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bureau.ledger.attachments import Attachment
from bureau.ledger.jobs import ImportJob
from bureau.ledger.lifecycle import WorkEvent
from bureau.ledger.notifications import Notification
from bureau.ledger.registry import REGISTRY
from bureau.models import AuditAction, AuditEvent
from campaigns.models import StudySession
from enterprises.models import Policy, Qualification, ensure_default_policies
from surveys.models import Answer, AnswerCode, Question, QuestionnaireLink, ResearchSubject, Response
from tests.helpers import content_of, import_in_browser, text_of
from tests.world import (
    ApplicationFactory,
    CooperationAgreementFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
    InstitutionFactory,
    QuestionnaireFactory,
    RectificationFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    ResearchVisitFactory,
    ResponseFactory,
    StudySessionFactory,
    SuggestionFactory,
    build_world,
    next_credit_code,
)

IMPORTABLE = [slug for slug, record_type in REGISTRY.items() if record_type.importable]

# The importable kinds in an order each one's references are already there when it is imported: what a
# row names (an enterprise, an institution, a topic, a questionnaire, a visit) comes before it.
IMPORT_ORDER = [
    "enterprises",
    "institutions",
    "research-topics",
    "questionnaires",
    "research-visits",
    "enterprise-visits",
    "enterprise-issues",
    "applications",
    "agreements",
    "suggestions",
    "research-reports",
    "study-sessions",
    "rectifications",
]

OCTOBER = {"date_from": "2019-10-01", "date_to": "2019-10-31"}
# A filter for each kind that a month's list narrows by; the kinds without a date (the registries of
# enterprises and institutions) by one of their choices.
FILTERS = dict.fromkeys(IMPORTABLE, OCTOBER) | {
    "enterprises": {"exports": "true"},
    "institutions": {"kind": "university"},
}

# The column that tells one exported row from another, and the same value read from the record.
KEYS = {
    "study-sessions": ("学习主题", lambda r: r.topic),
    "rectifications": ("问题表现", lambda r: r.problem),
    "research-topics": ("专题名称", lambda r: r.title),
    "research-visits": ("对象名称", lambda r: r.subject.name),
    "questionnaires": ("问卷标题", lambda r: r.title),
    "suggestions": ("建议内容", lambda r: r.content),
    "research-reports": ("报告标题", lambda r: r.title),
    "enterprises": ("企业名称", lambda r: r.name),
    "enterprise-visits": ("企业", lambda r: r.enterprise.name),
    "enterprise-issues": ("问题描述", lambda r: r.description),
    "applications": ("企业", lambda r: r.enterprise.name),
    "institutions": ("院所名称", lambda r: r.name),
    "agreements": ("协议名称", lambda r: r.title),
}


def test_every_importable_kind_is_covered():
    assert set(IMPORT_ORDER) == set(IMPORTABLE) == set(KEYS)


def add_rows(slug, owner, campaign, n, *, matching=True):
    """`n` records of `slug` by `owner`: in October 2019 (or, not `matching`, in November), or for the undated
    kinds matching `FILTERS` (or not)."""
    start = datetime.date(2019, 10, 1) if matching else datetime.date(2019, 11, 1)
    common = {"recorded_by": owner, "department": owner.department}
    dated = {**common, "campaign": campaign}
    make = {
        "study-sessions": lambda day: StudySessionFactory(date=day, **dated),
        "rectifications": lambda day: RectificationFactory(date=day, **dated),
        "research-topics": lambda day: ResearchTopicFactory(date=day, **dated),
        "research-visits": lambda day: ResearchVisitFactory(date=day, **dated),
        "questionnaires": lambda day: QuestionnaireFactory(opens_on=day, **dated),
        "suggestions": lambda day: SuggestionFactory(date=day, **dated),
        "research-reports": lambda day: ResearchReportFactory(date=day, **dated),
        "enterprise-visits": lambda day: EnterpriseVisitFactory(date=day, **dated),
        "enterprise-issues": lambda day: EnterpriseIssueFactory(
            date=day, deadline=day + datetime.timedelta(days=30), **dated
        ),
        "applications": lambda day: ApplicationFactory(filed_on=day, **dated),
        "agreements": lambda day: CooperationAgreementFactory(signed_on=day, **dated),
        "enterprises": lambda day: EnterpriseFactory(
            credit_code=next_credit_code(), exports=matching, export_markets="欧盟" if matching else "", **common
        ),
        "institutions": lambda day: InstitutionFactory(
            kind="university" if matching else "research_institute", **common
        ),
    }[slug]
    return [make(start + datetime.timedelta(days=i % 28)) for i in range(n)]


def sheet_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def export(client, slug, query=None):
    response = client.get(REGISTRY[slug].url("export"), query or {})
    assert response.status_code == 200, (slug, response.status_code)
    return sheet_rows(content_of(response))


def listed(client, slug, query) -> list:
    """Every record the list shows for `query`, page after page."""
    records, page = [], 1
    while True:
        response = client.get(REGISTRY[slug].url("list"), {**query, "page": page})
        assert response.status_code == 200
        records += list(response.context["records"])
        if not response.context["page_obj"].has_next():
            return records
        page += 1


# --- 1. the export holds what the list shows -------------------------------------------------------------


@pytest.mark.parametrize("slug", IMPORTABLE)
def test_export_of_a_filtered_list_holds_its_rows_every_page_in_the_template_columns(slug, client, staff, campaign):
    add_rows(slug, staff, campaign, 23)  # more than one page of the list (20 a page)
    add_rows(slug, staff, campaign, 3, matching=False)
    client.force_login(staff)

    rows = export(client, slug, FILTERS[slug])
    records = listed(client, slug, FILTERS[slug])

    label, key = KEYS[slug]
    header, data = rows[0], rows[1:]
    assert len(records) == 23
    assert [row[header.index(label)] for row in data] == [key(record) for record in records]
    template = sheet_rows(content_of(client.get(reverse("ledger:import-template", args=[slug]))))[0]
    # The template's columns first, in its order; what the app keeps itself (录入人, 录入时间…) after them.
    assert header[: len(template)] == template
    assert header[-2:] == ("录入人", "录入时间")


def test_export_is_audited_with_the_filters_applied(staff_client, staff, campaign):
    add_rows("study-sessions", staff, campaign, 2)
    staff_client.get(REGISTRY["study-sessions"].url("export"), {"kind": "seminar", **OCTOBER})
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("pk")
    assert event.target == "学习活动（学习形式：专题研讨；起始日期：2019-10-01；截止日期：2019-10-31）"


def test_export_without_a_filter_is_the_whole_list(staff_client, staff, campaign):
    add_rows("study-sessions", staff, campaign, 2)
    add_rows("study-sessions", staff, campaign, 2, matching=False)
    assert len(export(staff_client, "study-sessions")) == 1 + 4


# --- 2. round trip: a month exported imports into an empty ledger of the same setup, summary unchanged -----


def _rich_world(everyone, campaign, department):
    """The test world (one record of every type), and in its months what the indicators count: every form
    of study, visits to each kind of research subject, a subject and an enterprise visited twice, replies
    and adoptions, references between records (a suggestion's questionnaire and visit, a report's topic,
    an issue's visit, an agreement's enterprise), work items given to others, answered questionnaires."""
    staff, colleague, leader = everyone["staff"], everyone["colleague"], everyone["leader"]
    world = build_world(staff, campaign, department, one_of_each=True)
    ensure_default_policies(staff.bureau_id)
    policies = list(Policy.objects.filter(bureau=staff.bureau)[:2])
    mine = {"recorded_by": staff, "campaign": campaign, "department": department}
    theirs = {"recorded_by": colleague, "campaign": campaign, "department": None}
    day = datetime.date

    for kind, when, people in [
        ("central_group", day(2019, 9, 10), 9),
        ("seminar", day(2019, 10, 8), 12),
        ("seminar", day(2019, 11, 29), 14),
        ("practice", day(2019, 12, 3), 30),
        ("delivered", day(2020, 1, 6), 5),
        ("self_study", day(2019, 10, 9), 1),
    ]:
        StudySessionFactory(
            kind=kind, date=when, attendance=people, host="陈立新", reading_material="《纲要》第一章\n第二章", **mine
        )
    StudySessionFactory(kind="collective", date=day(2019, 10, 30), topic="=学习党章（公式样的文字）", **theirs)

    topic = ResearchTopicFactory(title="科技特派员服务成效调研", lead=leader, date=day(2019, 9, 25), **mine)
    subjects = {
        kind: ResearchSubject.objects.create(bureau=staff.bureau, subject_type=kind, name=f"{name}")
        for kind, name in [
            ("department", "县农业农村局"),
            ("intermediary", "丽水科技服务中心"),
            ("farmer", "船寮镇杨梅种植大户"),
            ("commissioner", "科技特派员叶建华"),
        ]
    }
    visits = [
        ResearchVisitFactory(subject=subjects["department"], date=day(2019, 10, 10), topic=topic, **mine),
        ResearchVisitFactory(subject=subjects["department"], date=day(2019, 11, 12), people_met=2, **mine),
        ResearchVisitFactory(subject=subjects["intermediary"], date=day(2019, 10, 11), method="symposium", **mine),
        ResearchVisitFactory(subject=subjects["farmer"], date=day(2019, 10, 18), people_met=7, **theirs),
        ResearchVisitFactory(subject=subjects["commissioner"], date=day(2019, 12, 2), people_met=1, **mine),
    ]
    questionnaire = world.questionnaire
    # Answer sheets in the campaign: counted by research.questionnaires (which does not survive, below).
    for submitted in (day(2019, 11, 10), day(2019, 12, 1)):
        response = ResponseFactory(questionnaire=questionnaire, link=world.link)
        moment = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(10)))
        Response.objects.filter(pk=response.pk).update(submitted_at=moment)
    QuestionnaireFactory(title="企业科技需求调查", opens_on=day(2019, 10, 20), closes_on=day(2019, 11, 20), **mine)

    SuggestionFactory(
        source="questionnaire", questionnaire=questionnaire, date=day(2019, 11, 12), raised_by="匿名", **mine
    )
    SuggestionFactory(
        source="visit",
        visit=visits[0],
        date=day(2019, 10, 10),
        status="answered",
        reply="已转农业农村局",
        replied_on=day(2019, 10, 25),
        **mine,
    )
    SuggestionFactory(date=day(2019, 12, 5), status="not_adopted", not_adopted_reason="不属本局职责", **theirs)
    SuggestionFactory(date=day(2020, 1, 8), status="adopted", reply="已采纳", category="conduct", **mine)
    ResearchReportFactory(title="关于科技特派员服务的调研报告", topic=topic, date=day(2019, 11, 28), **mine)
    ResearchReportFactory(title="企业研发投入情况调研", status="drafting", date=day(2020, 1, 10), **theirs)

    exporter = EnterpriseFactory(
        name="浙江青田阀门出口有限公司",
        credit_code=next_credit_code(),
        exports=True,
        export_markets="欧盟、东南亚",
        in_high_tech_codes=True,
        contact_person="王经理",
        contact_phone="0578-6512345",
        recorded_by=staff,
        department=department,
    )
    visit = EnterpriseVisitFactory(
        enterprise=exporter,
        date=day(2019, 10, 16),
        purpose="research",
        visitors=[staff, colleague],
        policies=policies,
        summary="了解研发投入",
        **mine,
    )
    EnterpriseVisitFactory(enterprise=exporter, date=day(2019, 12, 16), purpose="follow_up", **mine)
    EnterpriseIssueFactory(
        enterprise=exporter,
        visit=visit,
        date=day(2019, 10, 16),
        category="technology",
        owner=colleague,
        supervisor=leader,
        measure="对接高校",
        deadline=day(2019, 12, 1),
        **mine,
    )
    for kind, status, filed, decided in [
        ("provincial_sme", "filed", day(2019, 10, 21), None),
        ("provincial_research_institute", "approved", day(2019, 9, 5), day(2019, 12, 20)),
        ("provincial_rd_centre", "rejected", day(2019, 11, 5), day(2020, 1, 15)),
    ]:
        ApplicationFactory(
            enterprise=exporter,
            kind=kind,
            status=status,
            filed_on=filed,
            decided_on=decided,
            certificate_no="GR201933001234" if status == "approved" else "",
            helped_by=colleague,
            **mine,
        )
    university = InstitutionFactory(
        name="浙江大学", kind="university", region="杭州市", recorded_by=staff, department=department
    )
    CooperationAgreementFactory(
        kind="platform",
        title="共建阀门研究院",
        institution=university,
        enterprise=exporter,
        platform_name="青田阀门产业创新服务综合体",
        signed_on=day(2019, 12, 18),
        **mine,
    )
    CooperationAgreementFactory(kind="tech_transfer", institution=university, signed_on=day(2019, 10, 5), **theirs)

    # Work items given, signed for and applied for close-off: open, as an import gives them (below).
    RectificationFactory(
        source="individual", owner=colleague, supervisor=leader, immediate=True, date=day(2019, 9, 28), **mine
    )
    RectificationFactory(source="research", status="in_progress", date=day(2019, 11, 3), **theirs)
    EnterpriseIssueFactory(status="in_progress", date=day(2019, 12, 4), deadline=day(2020, 1, 20), **theirs)
    return world


def _summaries(client, campaign) -> dict:
    url = reverse("reports:summary-api")
    months = [None, "2019-09", "2019-10", "2019-11", "2019-12", "2020-01"]
    found = {}
    for month in months:
        response = client.get(url, {"campaign": campaign.pk, **({"month": month} if month else {})})
        assert response.status_code == 200
        found[month] = response.json()
    return found


def _months(campaign):
    first = campaign.start.replace(day=1)
    while first <= campaign.end:
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        yield first, following - datetime.timedelta(days=1)
        first = following


def _empty_the_ledger():
    """Hard-delete every record of the importable kinds and what hangs off them (answer sheets, questions and
    links, qualifications, work-loop events, notices, attachments), children before what they point at. The
    setup stays: the bureau, its departments and users, policies, research subjects, the plan's tasks."""
    for model in (Answer, AnswerCode, Response, Question, QuestionnaireLink, Qualification):
        model._base_manager.all().delete()
    for model in (WorkEvent, Notification, Attachment):
        model._base_manager.all().delete()
    for slug in reversed(IMPORT_ORDER):
        REGISTRY[slug].model._base_manager.all().delete()
        assert not REGISTRY[slug].model._base_manager.exists()


# research.questionnaires counts answer sheets (surveys.Response), answers given on the public form: they
# are not a record kind anyone imports, and a questionnaire imported again has none. Every other indicator
# must come back exactly.
NOT_IMPORTED = {"research.questionnaires"}


def _comparable(summary: dict) -> dict:
    kept = [row for row in summary["indicators"] if row["key"] not in NOT_IMPORTED]
    return {**summary, "indicators": kept}


def test_round_trip_every_kind_exported_month_by_month_imports_back_to_the_same_summary(
    client, everyone, campaign, department
):
    _rich_world(everyone, campaign, department)
    admin = everyone["admin"]
    client.force_login(admin)
    before = _summaries(client, campaign)
    assert any(row["value"] for row in before[None]["indicators"] if row["key"] in NOT_IMPORTED)
    counted = {row["key"] for row in before[None]["indicators"] if row["value"]}
    assert len(counted) > 20, counted  # the world gives nearly every indicator something to count
    counts = {slug: REGISTRY[slug].model.objects.count() for slug in IMPORT_ORDER}

    exported = {}
    for slug in IMPORT_ORDER:
        exported[slug] = []
        for query in queries_of(slug, campaign):
            response = client.get(REGISTRY[slug].url("export"), query)
            assert response.status_code == 200
            content = content_of(response)
            if len(sheet_rows(content)) > 1:
                exported[slug].append(content)
        # Every record is in the month it is dated in: nothing falls between the exported months.
        assert sum(len(sheet_rows(content)) - 1 for content in exported[slug]) == counts[slug], slug

    _empty_the_ledger()
    assert _comparable(_summaries(client, campaign)[None]) != _comparable(before[None])

    for slug in IMPORT_ORDER:
        for number, content in enumerate(exported[slug]):
            upload = SimpleUploadedFile(f"{slug}-{number}.xlsx", content)
            page = import_in_browser(client, slug, upload)
            result = page.context.get("result")
            errors = [str(error) for error in result.errors] if result is not None else []
            assert page.status_code == 200, (slug, page.context["job"].message, errors)
            job = ImportJob.objects.filter(user=admin).latest("pk")
            assert job.status == ImportJob.Status.SUCCEEDED, (slug, job.message, errors)
        assert REGISTRY[slug].model.objects.count() == counts[slug], slug

    after = _summaries(client, campaign)
    for month, summary in before.items():
        assert _comparable(after[month]) == _comparable(summary), month
    # And the records themselves: exported again, every imported cell is what it was. (The columns after
    # them are the app's own: who recorded a row and when, and a work item's state, given anew by an import.)
    for slug, contents in exported.items():
        again = [content_of(client.get(REGISTRY[slug].url("export"), query)) for query in queries_of(slug, campaign)]
        template = sheet_rows(content_of(client.get(reverse("ledger:import-template", args=[slug]))))[0]
        assert _cells(again, len(template)) == _cells(contents, len(template)), slug


def queries_of(slug, campaign) -> list[dict]:
    """A month's list for each month of the campaign; the whole list of a kind that has no date."""
    if "date_from" not in REGISTRY[slug].filterset_class.base_filters:
        return [{}]
    return [{"date_from": str(first), "date_to": str(last)} for first, last in _months(campaign)]


def _cells(contents, width) -> list:
    """The data rows of exported sheets, their first `width` columns, in an order of their own (rows of one
    day come back in the order they were imported)."""
    rows = [row[:width] for content in contents for row in sheet_rows(content)[1:]]
    return sorted(rows, key=repr)


def test_a_closed_work_item_comes_back_open(client, everyone, campaign):
    """What the round trip cannot carry, by design: a work item's state. Its 办理状态 is exported and
    ignored on import (an imported item is given anew, 交办: its close-off is a leader's step in the work
    loop, not a cell of a file), so the outcomes of closed items are not in the round trip above."""
    admin = everyone["admin"]
    RectificationFactory(status="closed", closed_on=datetime.date(2019, 11, 1), campaign=campaign, recorded_by=admin)
    client.force_login(admin)
    content = content_of(client.get(REGISTRY["rectifications"].url("export")))
    header, row = sheet_rows(content)
    assert row[header.index("办理状态")] == "已销号"
    REGISTRY["rectifications"].model._base_manager.all().delete()
    import_in_browser(client, "rectifications", SimpleUploadedFile("r.xlsx", content))
    assert REGISTRY["rectifications"].model.objects.get().status == "pending"


# --- 3. the print page ---------------------------------------------------------------------------------


def test_print_page_shows_title_filters_in_words_time_and_numbered_rows(staff_client, staff, campaign):
    for topic in ("找差距专题研讨", "抓落实专题研讨"):
        StudySessionFactory(kind="seminar", topic=topic, recorded_by=staff, campaign=campaign)
    StudySessionFactory(kind="collective", topic="集中学习党章", recorded_by=staff, campaign=campaign)
    response = staff_client.get(REGISTRY["study-sessions"].url("print"), {"kind": "seminar", **OCTOBER})
    assert response.status_code == 200
    page = text_of(response)
    assert "青田县科学技术局 学习活动" in page
    assert "筛选条件：学习形式 专题研讨；起始日期 2019-10-01；截止日期 2019-10-31" in page
    assert "打印时间：" in page
    assert "共 2 条" in page
    assert "找差距专题研讨" in page and "抓落实专题研讨" in page
    assert "集中学习党章" not in page
    assert '<th scope="col">序号</th>' in page
    rows = response.context["rows"]
    assert len(rows) == 2
    assert list(response.context["columns"])[:3] == ["学习日期", "学习形式", "学习主题"]
    assert "<tr><td>1</td>" in page and "<tr><td>2</td>" in page
    assert "只列出前" not in page


def test_print_page_without_filters_says_all(staff_client, staff, campaign):
    StudySessionFactory(recorded_by=staff, campaign=campaign)
    page = text_of(staff_client.get(REGISTRY["study-sessions"].url("print")))
    assert "筛选条件：全部" in page


def test_print_page_stops_at_the_limit_and_says_so(staff_client, staff, campaign, settings):
    settings.PRINT_MAX_ROWS = 5
    add_rows("study-sessions", staff, campaign, 7)
    response = staff_client.get(REGISTRY["study-sessions"].url("print"))
    assert len(response.context["rows"]) == 5
    page = text_of(response)
    assert "只列出前 5 条。请缩小筛选范围，或导出 Excel 查看全部。" in page
    assert "<tr><td>5</td>" in page and "<tr><td>6</td>" not in page
    # The export has no such limit.
    assert len(export(staff_client, "study-sessions")) == 1 + 7


@pytest.mark.parametrize("action", ["export", "print"])
@pytest.mark.parametrize(
    "query", [{"date_from": "notadate"}, {"kind": "读书会"}, {"date_to": "2019-13-45"}], ids=["date", "choice", "day"]
)
def test_a_bad_filter_is_400_for_export_and_print(staff_client, staff, campaign, action, query):
    StudySessionFactory(recorded_by=staff, campaign=campaign)
    response = staff_client.get(REGISTRY["study-sessions"].url(action), query)
    assert response.status_code == 400
    assert not response.has_header("Content-Disposition")
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# --- 4. a fixed number of queries, whatever the number of rows --------------------------------------------


@pytest.mark.parametrize("action", ["export", "print"])
@pytest.mark.parametrize("slug", IMPORTABLE)
def test_export_and_print_queries_do_not_grow_with_rows(
    slug, action, client, staff, campaign, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = REGISTRY[slug].url(action)
    add_rows(slug, staff, campaign, 3)
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    add_rows(slug, staff, campaign, 27)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(url)
        content_of(response)  # a streamed workbook is written while it is read
    if action == "print":
        assert len(response.context["rows"]) == 30
    else:
        assert len(sheet_rows(content_of(client.get(url)))) == 1 + 30


@pytest.mark.parametrize(("action", "queries"), [("export", 19), ("print", 10)])
def test_study_session_export_and_print_query_counts(
    action, queries, client, staff, campaign, django_assert_num_queries
):
    client.force_login(staff)
    url = REGISTRY["study-sessions"].url(action)
    for n in (3, 27):
        add_rows("study-sessions", staff, campaign, n)
        client.get(url)
        with django_assert_num_queries(queries):
            content_of(client.get(url))


# --- 5. access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", IMPORTABLE)
def test_another_county_exports_none_of_the_countys_rows(slug, client, staff, campaign, outsider):
    add_rows(slug, staff, campaign, 2)
    client.force_login(outsider)
    assert export(client, slug) == [export(client, slug)[0]]  # the header only
    response = client.get(REGISTRY[slug].url("print"))
    assert response.status_code == 200
    assert response.context["rows"] == []


@pytest.mark.parametrize("action", ["list", "export", "print"])
def test_anonymous_is_sent_to_login(client, db, action):
    url = REGISTRY["study-sessions"].url(action)
    response = client.get(url, OCTOBER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("action", ["list", "export", "print"])
def test_the_auditor_is_refused_like_the_list(client, auditor, staff, campaign, action):
    add_rows("study-sessions", staff, campaign, 1)
    client.force_login(auditor)
    assert client.get(REGISTRY["study-sessions"].url(action)).status_code == 403


def test_the_list_page_offers_export_and_print_with_its_filters(staff_client, staff, campaign):
    StudySessionFactory(recorded_by=staff, campaign=campaign, kind="seminar")
    page = text_of(staff_client.get(REGISTRY["study-sessions"].url("list"), {"kind": "seminar", "page": "1"}))
    assert f'href="{REGISTRY["study-sessions"].url("export")}?kind=seminar"' in page
    assert f'href="{REGISTRY["study-sessions"].url("print")}?kind=seminar"' in page
    assert StudySession.objects.count() == 1


def test_round_trip_tells_apart_references_of_the_same_name(client, everyone, campaign, department):
    """Two colleagues both called 张伟, two enterprises of one name, a questionnaire run twice under one title:
    the export names each so that the import finds the same one again (张伟（zhangwei2）, the enterprise with
    its credit code, the questionnaire with its date)."""
    from enterprises.models import Application, EnterpriseVisit
    from surveys.models import Suggestion
    from tests.world import UserFactory

    admin, staff = everyone["admin"], everyone["staff"]
    bureau = staff.bureau
    # 分管领导 offers leaders only: there the leader is the one 张伟 and keeps his plain name.
    zhang = [
        UserFactory(
            username=f"zhangwei{n}", last_name="张", first_name="伟", role=role, bureau=bureau, department=department
        )
        for n, role in ((1, "leader"), (2, "staff"))
    ]
    mine = {"recorded_by": staff, "campaign": campaign, "department": department}
    twins = [EnterpriseFactory(name="青田县阀门厂", credit_code=next_credit_code(), recorded_by=staff) for _ in "ab"]
    ApplicationFactory(enterprise=twins[1], helped_by=zhang[1], **mine)
    EnterpriseVisitFactory(enterprise=twins[1], visitors=[zhang[1], staff], date=datetime.date(2019, 10, 9), **mine)
    RectificationFactory(owner=zhang[1], supervisor=zhang[0], **mine)
    monthly = [
        QuestionnaireFactory(title="科技服务满意度调查", opens_on=datetime.date(2019, month, 1), **mine)
        for month in (10, 11)
    ]
    SuggestionFactory(source="questionnaire", questionnaire=monthly[1], date=datetime.date(2019, 11, 5), **mine)
    kinds = ["enterprises", "questionnaires", "enterprise-visits", "applications", "rectifications", "suggestions"]
    client.force_login(admin)
    exported = {slug: content_of(client.get(REGISTRY[slug].url("export"))) for slug in kinds}
    _empty_the_ledger()

    for slug in kinds:
        page = import_in_browser(client, slug, SimpleUploadedFile(f"{slug}.xlsx", exported[slug]))
        result = page.context.get("result")
        assert page.status_code == 200, (slug, [str(e) for e in result.errors] if result else page.context)

    application = Application.objects.get()
    assert (application.enterprise.credit_code, application.helped_by) == (twins[1].credit_code, zhang[1])
    visit = EnterpriseVisit.objects.get()
    assert visit.enterprise.credit_code == twins[1].credit_code
    assert set(visit.visitors.all()) == {zhang[1], staff}
    rectification = REGISTRY["rectifications"].model.objects.get()
    assert (rectification.owner, rectification.supervisor) == (zhang[1], zhang[0])
    assert Suggestion.objects.get().questionnaire.opens_on == datetime.date(2019, 11, 1)
    # A name nobody else has stays a plain name.
    header, *rows = sheet_rows(exported["applications"])
    assert rows[0][header.index("协助人员")] == "张伟（zhangwei2）"
    header, *rows = sheet_rows(exported["enterprise-visits"])
    assert set(rows[0][header.index("走访人员")].split("、")) == {"张伟（zhangwei2）", str(staff)}
    assert rows[0][header.index("科室")] == department.name
    header, *rows = sheet_rows(exported["rectifications"])
    assert (rows[0][header.index("责任人")], rows[0][header.index("分管领导")]) == ("张伟（zhangwei2）", "张伟")
    header, *rows = sheet_rows(exported["suggestions"])
    assert rows[0][header.index("来源问卷")] == "科技服务满意度调查（2019-11-01）"
