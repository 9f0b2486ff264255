"""The roll-up split by the bureaus below: a city over three counties, one of which has a bureau below it.

For every amount (count, distinct, sum) the city's figure is its own records' plus each county's subtree's,
on the dashboard, in the JSON summary and in the workbook's 各单位汇总 sheet; the counties are ranked by
completion of their targets; a county's leader sees no sibling; the submitted figures are those stored with
a county's report; and the dashboard's query count does not grow with the number of counties."""

import datetime
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bureau.ledger.month import Month
from bureau.models import Bureau
from reports.indicators import CATALOGUE
from reports.models import Target
from reports.rollup import ADDITIVE, Part
from reports.services import close_month
from tests.helpers import figures
from tests.world import (
    ApplicationFactory,
    BureauFactory,
    CampaignFactory,
    CooperationAgreementFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
    PlanTaskFactory,
    QuestionnaireFactory,
    RectificationFactory,
    ResearchReportFactory,
    ResearchSubjectFactory,
    ResearchVisitFactory,
    ResponseFactory,
    StudySessionFactory,
    SuggestionFactory,
    UserFactory,
    next_credit_code,
)

pytestmark = pytest.mark.django_db

MONTH = Month(2019, 11)
START = datetime.date(2019, 9, 1)
AMOUNTS = [indicator.key for indicator in CATALOGUE if indicator.measure in ADDITIVE]
STUDY_KINDS = ["central_group", "collective", "seminar", "practice", "delivered"]
APPLICATION_KINDS = ["national_high_tech", "provincial_sme", "provincial_research_institute", "provincial_rd_centre"]
SUBJECT_TYPES = ["department", "intermediary", "farmer", "commissioner"]


def random_day(rng) -> datetime.date:
    """A day from September to December 2019: some after the month looked at, so cumulative ≠ everything."""
    return START + datetime.timedelta(days=rng.randrange(122))


def add_records(rng, campaign, n=3):
    """Random records of every type the indicators count, recorded in `campaign` by its bureau's people."""
    bureau = campaign.bureau
    staff = UserFactory(username=f"staff-{bureau.pk}-{rng.randrange(10**9)}", bureau=bureau, role="staff")
    leader = UserFactory(username=f"leader-{bureau.pk}", bureau=bureau, role="leader")
    common = {"campaign": campaign, "recorded_by": staff}
    # Few enterprises and subjects, visited several times: the distinct counts count each once.
    enterprises = [EnterpriseFactory(recorded_by=staff, credit_code=next_credit_code()) for _ in range(2)]
    subjects = [ResearchSubjectFactory(bureau=bureau, subject_type=kind) for kind in SUBJECT_TYPES]
    questionnaire = QuestionnaireFactory(**common)
    for _ in range(rng.randint(1, n)):
        StudySessionFactory(kind=rng.choice(STUDY_KINDS), date=random_day(rng), attendance=rng.randint(5, 40), **common)
        ResearchVisitFactory(subject=rng.choice(subjects), date=random_day(rng), people_met=rng.randint(1, 9), **common)
        EnterpriseVisitFactory(enterprise=rng.choice(enterprises), date=random_day(rng), **common)
        ApplicationFactory(
            enterprise=rng.choice(enterprises), kind=rng.choice(APPLICATION_KINDS), filed_on=random_day(rng), **common
        )
        CooperationAgreementFactory(kind=rng.choice(["strategic", "platform"]), signed_on=random_day(rng), **common)
        SuggestionFactory(date=random_day(rng), **common)
        ResearchReportFactory(date=random_day(rng), **common)
        when = timezone.make_aware(datetime.datetime.combine(random_day(rng), datetime.time(10)))
        ResponseFactory(questionnaire=questionnaire, submitted_at=when)
        for factory, extra in (
            (RectificationFactory, {"result": "已整改"}),
            (PlanTaskFactory, {}),
            (EnterpriseIssueFactory, {"enterprise": rng.choice(enterprises), "outcome": "resolved"}),
        ):
            day = random_day(rng)
            deadline = day + datetime.timedelta(days=rng.randint(5, 40))
            closed = rng.random() < 0.6
            if closed:
                done = day + datetime.timedelta(days=rng.randint(1, 50))
                extra = {**extra, "status": "closed", "closed_on": done, "closed_by": leader}
            else:
                extra = {"enterprise": extra["enterprise"]} if "enterprise" in extra else {}
            factory(date=day, deadline=deadline, owner=staff, **extra, **common)
    return leader


def add_county(rng, city, name, n=3):
    county = BureauFactory(name=name, parent=city)
    campaign = CampaignFactory(bureau=county, name=f"{name}主题教育")
    leader = add_records(rng, campaign, n)
    return county, campaign, leader


@pytest.fixture
def tree(db):
    rng = random.Random(20191130)
    city = BureauFactory(name="丽水市科学技术局", level="city")
    city_campaign = CampaignFactory(bureau=city, name="丽水市科技局主题教育")
    found = {"city": city, "city_campaign": city_campaign, "city_leader": add_records(rng, city_campaign)}
    for key, name in (("a", "青田县科学技术局"), ("b", "景宁畲族自治县科学技术局"), ("c", "龙泉市科学技术局")):
        found[key], found[f"{key}_campaign"], found[f"{key}_leader"] = add_county(rng, city, name, n=4)
    found["town"], found["town_campaign"], _ = add_county(rng, found["a"], "温溪镇科技工作站")
    # Targets: B reaches its target, A a share of its own, C has none (ranks last).
    Target.objects.create(campaign=found["b_campaign"], indicator="study.attendance", value=1)
    Target.objects.create(campaign=found["a_campaign"], indicator="study.attendance", value=10_000)
    found["rng"] = rng
    return found


def get(client, user, name, **params):
    client.force_login(user)
    response = client.get(reverse(name), {"month": str(MONTH), **params})
    assert response.status_code == 200, response.content[:500]
    return response


def test_every_amount_of_the_dashboard_is_its_own_plus_the_counties(client, tree):
    page = get(client, tree["city_leader"], "reports:dashboard")
    rollup = page.context["rollup"]
    assert rollup.parts[0] is rollup.own and rollup.own.bureau == tree["city"] and rollup.own.own
    assert {part.bureau for part in rollup.children} == {tree["a"], tree["b"], tree["c"]}
    cards = {row.indicator.key: row.cumulative for _, _, rows in page.context["strands"] for row in rows}
    for indicator, cells, total in rollup.rows("live"):
        assert total == cards[indicator.key]
        if indicator.measure in ADDITIVE:
            assert total == sum(cells), indicator.key
    # County A's part is its subtree: its own records and the town's below it, each counted on its own.
    a = next(part for part in rollup.children if part.bureau == tree["a"])
    own = [figures(tree[key], START, MONTH.last) for key in ("a_campaign", "town_campaign")]
    for key in AMOUNTS:
        assert a.live[key]["cumulative"] == own[0][key] + own[1][key], key
    assert sum(a.live[key]["cumulative"] for key in AMOUNTS) > 0
    html = page.content.decode()
    assert "各单位情况" in html and "分单位指标（累计至 2019年11月）" in html
    assert html.count('data-chart="bureaus" role="img" aria-label=') == 1
    assert f"?campaign={a.report.campaign.pk}&amp;month=2019-11" in html


def test_the_counties_are_ranked_by_completion_of_their_targets(client, tree):
    rollup = get(client, tree["city_leader"], "reports:dashboard").context["rollup"]
    ranked = [part.bureau for part in rollup.children]
    assert ranked == [tree["b"], tree["a"], tree["c"]]
    completions = [part.completion for part in rollup.children]
    assert completions[0] == 100.0 and 0 < completions[1] < 100 and completions[2] is None
    chart = get(client, tree["city_leader"], "reports:dashboard").context["chart"]["bureaus"]
    assert chart == [[part.bureau.name, part.completion] for part in rollup.children]


def test_a_county_without_targets_ranks_after_one_at_nought():
    nought = Part(Bureau(name="甲"), False, {"study.attendance": {"cumulative": 0}}, targets={"study.attendance": 5})
    none = Part(Bureau(name="乙"), False, {"study.attendance": {"cumulative": 9}})
    assert (nought.completion, none.completion) == (0.0, None)
    assert sorted([none, nought], key=Part.rank_key) == [nought, none]


def test_the_summary_json_lists_the_parts_and_they_add_up(client, tree):
    data = get(client, tree["city_leader"], "reports:summary-api").json()
    assert set(data) == {"campaign", "month", "indicators", "bureaus"}
    assert set(data["indicators"][0]) == {"key", "label", "strand", "value", "cumulative", "target"}
    bureaus = data["bureaus"]
    assert [(b["id"], b["own"]) for b in bureaus] == [
        (tree["city"].pk, True),
        (tree["b"].pk, False),
        (tree["a"].pk, False),
        (tree["c"].pk, False),
    ]
    assert bureaus[0]["name"] == "丽水市科学技术局"
    totals = {i["key"]: i for i in data["indicators"]}
    for key in AMOUNTS:
        for period in ("value", "cumulative"):
            assert totals[key][period] == sum(b["indicators"][key][period] for b in bureaus), (key, period)
    # The whole campaign (no month) splits too.
    whole = get(client, tree["city_leader"], "reports:summary-api", month="").json()
    assert whole["month"] is None
    for key in AMOUNTS:
        total = next(i for i in whole["indicators"] if i["key"] == key)["value"]
        assert total == sum(b["indicators"][key]["value"] for b in whole["bureaus"]), key


def test_the_workbook_sheet_of_the_parts_adds_up(client, tree):
    response = get(client, tree["city_leader"], "reports:monthly-workbook")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[:2] == ["汇总", "各单位汇总"]
    sheet = book["各单位汇总"]
    assert "各单位汇总" in sheet["A1"].value and "2019年11月" in sheet["A1"].value
    assert sheet.print_title_rows == "$1:$2" and sheet.page_setup.orientation == "landscape"
    header = [c.value for c in sheet[2]]
    assert header[:4] == ["单位", "报送状态", "版本", "按时报送"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert list(rows) == [
        "丽水市科学技术局（本级）",
        "景宁畲族自治县科学技术局",
        "青田县科学技术局",
        "龙泉市科学技术局",
        "合计",
    ]
    assert rows["青田县科学技术局"][1] == "未报送"
    total_row = rows.pop("合计")
    data = get(client, tree["city_leader"], "reports:summary-api").json()
    totals = {i["key"]: i["cumulative"] for i in data["indicators"]}
    for indicator in CATALOGUE:
        column = header.index(f"{indicator.label}（{indicator.unit}）")
        assert total_row[column] == totals[indicator.key], indicator.key
        if indicator.measure in ADDITIVE:
            assert total_row[column] == sum(row[column] for row in rows.values()), indicator.key


def test_a_countys_leader_sees_no_sibling(client, tree):
    # County B has nothing below it: no split at all.
    page = get(client, tree["b_leader"], "reports:dashboard")
    assert page.context["rollup"] is None and "各单位情况" not in page.content.decode()
    assert "bureaus" not in get(client, tree["b_leader"], "reports:summary-api").json()
    book = load_workbook(
        io.BytesIO(b"".join(get(client, tree["b_leader"], "reports:monthly-workbook").streaming_content))
    )
    assert "各单位汇总" not in book.sheetnames
    # County A splits into its own records and the town below it, never its siblings.
    rollup = get(client, tree["a_leader"], "reports:dashboard").context["rollup"]
    assert [part.bureau for part in rollup.parts] == [tree["a"], tree["town"]]
    data = get(client, tree["a_leader"], "reports:summary-api").json()
    assert [b["id"] for b in data["bureaus"]] == [tree["a"].pk, tree["town"].pk]
    html = get(client, tree["a_leader"], "reports:dashboard").content.decode()
    assert "景宁畲族自治县科学技术局" not in html and "龙泉市科学技术局" not in html


def test_the_submitted_switch_shows_what_a_county_reported(client, tree):
    report = close_month(tree["b_campaign"], MONTH, tree["b_leader"])
    # After its report, B records more in October (still open): live figures move, the submitted ones do not.
    StudySessionFactory(
        campaign=tree["b_campaign"], recorded_by=tree["b_leader"], kind="collective", date=datetime.date(2019, 10, 8)
    )
    live = get(client, tree["city_leader"], "reports:dashboard").context
    page = get(client, tree["city_leader"], "reports:dashboard", figures="submitted")
    assert page.context["figures"] == "submitted"
    parts = page.context["rollup"].parts
    b_column = [part.bureau for part in parts].index(tree["b"])
    for _, _, rows in page.context["rollup_strands"]:
        for indicator, cells, total in rows:
            assert total is None
            assert cells[b_column] == {
                "label": "景宁畲族自治县科学技术局",
                "value": report.figures[indicator.key]["cumulative"],
                "missing": False,
            }
            assert cells[0]["missing"] is False  # the city's own records: always live
            assert all(cell["missing"] for cell in cells[1:] if cell["label"] != "景宁畲族自治县科学技术局")
    collective = {i.key: cells for i, cells, _ in live["rollup"].rows("live")}["study.collective"]
    assert collective[b_column] == report.figures["study.collective"]["cumulative"] + 1
    html = page.content.decode()
    assert "合计只在实时数据下显示" in html and "未报送" in html
    assert 'aria-current="true">报送时数据' in html
    assert 'aria-current="true">实时数据' in live_html(client, tree)
    # The ranking shows B's report: its status, its version and that it came in late.
    assert "已报送 · 第 1 版 · 逾期" in html
    assert client.get(reverse("reports:dashboard"), {"figures": "both"}).status_code == 400


def live_html(client, tree):
    return get(client, tree["city_leader"], "reports:dashboard").content.decode()


def test_the_dashboard_query_count_does_not_grow_with_the_counties(
    client, tree, django_assert_num_queries, django_assert_max_num_queries
):
    # Every county has a report, targets and records: nothing per county may cost a query.
    close_month(tree["a_campaign"], MONTH, tree["a_leader"])
    client.force_login(tree["city_leader"])
    url = reverse("reports:dashboard")
    client.get(url, {"month": str(MONTH)})
    with django_assert_max_num_queries(200) as few:
        client.get(url, {"month": str(MONTH)})
    for n in range(4):
        _, campaign, leader = add_county(tree["rng"], tree["city"], f"测试县科学技术局{n}")
        Target.objects.create(campaign=campaign, indicator="study.attendance", value=50 + n)
        close_month(campaign, MONTH, leader)
    client.force_login(tree["city_leader"])
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url, {"month": str(MONTH)})
    assert len(page.context["rollup"].children) == 7


def test_the_split_costs_sixteen_queries_on_the_dashboard(client, tree, django_assert_max_num_queries, monkeypatch):
    client.force_login(tree["city_leader"])
    url = reverse("reports:dashboard")
    client.get(url, {"month": str(MONTH)})
    with django_assert_max_num_queries(200) as split:
        client.get(url, {"month": str(MONTH)})
    monkeypatch.setattr("reports.views.breakdown", lambda *args, **kwargs: None)
    with django_assert_max_num_queries(200) as whole:
        client.get(url, {"month": str(MONTH)})
    # The bureau tree, one grouped count per model (the parts as a CASE over the bureau: 11 models), the
    # board's children, their campaigns and their reports, the children's targets. The totals and the
    # outcomes are the dashboard's own, reused.
    models = len({indicator.model for indicator in CATALOGUE})
    assert len(split.captured_queries) - len(whole.captured_queries) == 1 + models + 3 + 1 == 16
