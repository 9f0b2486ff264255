"""For random data, every indicator equals an independent count over the records, and the monthly
workbook's summary sheet equals the JSON summary, month by month."""

import datetime
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bureau.ledger.month import Month
from reports.indicators import CATALOGUE
from tests.world import (
    ApplicationFactory,
    CooperationAgreementFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
    InstitutionFactory,
    PlanTaskFactory,
    QuestionnaireFactory,
    RectificationFactory,
    ResearchReportFactory,
    ResearchSubjectFactory,
    ResearchVisitFactory,
    ResponseFactory,
    StudySessionFactory,
    SuggestionFactory,
)


def random_day(rng, campaign):
    return campaign.start + datetime.timedelta(days=rng.randrange((campaign.end - campaign.start).days + 1))


def make_random_records(rng, campaign, users, n):
    """n-ish records of every type, with random kinds, statuses and dates inside the campaign."""
    user = lambda: rng.choice(users)  # noqa: E731
    day = lambda: random_day(rng, campaign)  # noqa: E731
    common = lambda: {"campaign": campaign, "recorded_by": user()}  # noqa: E731
    kinds = ["central_group", "collective", "seminar", "self_study", "practice", "delivered"]
    for _ in range(rng.randint(n // 2, n)):
        StudySessionFactory(**common(), kind=rng.choice(kinds), date=day(), attendance=rng.randint(0, 40))
    enterprises = [EnterpriseFactory(recorded_by=users[0]) for _ in range(rng.randint(3, 8))]
    for _ in range(rng.randint(n // 2, n)):
        EnterpriseVisitFactory(**common(), enterprise=rng.choice(enterprises), date=day())
    for _ in range(rng.randint(n // 2, n)):
        raised = day()
        state = rng.choice(["pending", "in_progress", "applied", "closed", "reopened"])
        outcome = rng.choice(["resolved", "unresolvable"]) if state in ("applied", "closed") else ""
        extra = {"status": state, "outcome": outcome}
        if outcome == "resolved":
            extra["resolution"] = "已协调解决"
        elif outcome == "unresolvable":
            extra["unresolved_reason"] = "超出职能范围"
        if state == "closed":
            # Now and then closed off after the campaign's end: counted in no month of it.
            extra["closed_on"] = raised + datetime.timedelta(days=rng.randint(0, 70))
            extra["closed_by"] = user()
        if state == "reopened":
            # Closed off as solved, then the enterprise was not satisfied: back in hand, its close-off gone.
            extra = {
                "status": "in_progress",
                "outcome": "resolved",
                "resolution": "已办",
                "satisfaction": "dissatisfied",
            }
        EnterpriseIssueFactory(
            **common(),
            enterprise=rng.choice(enterprises),
            date=raised,
            deadline=raised + datetime.timedelta(days=rng.randint(0, 60)),
            **extra,
        )
    for _ in range(rng.randint(n // 3, n // 2)):
        status = rng.choice(["preparing", "filed", "approved", "rejected"])
        filed = day() if status != "preparing" else None
        ApplicationFactory(
            **common(),
            enterprise=rng.choice(enterprises),
            kind=rng.choice(["national_high_tech", "provincial_sme", "provincial_research_institute", "other"]),
            status=status,
            filed_on=filed,
            decided_on=filed if status in ("approved", "rejected") else None,
        )
    institutions = [InstitutionFactory(recorded_by=users[0]) for _ in range(3)]
    for _ in range(rng.randint(2, 6)):
        kind = rng.choice(["strategic", "platform", "tech_transfer"])
        CooperationAgreementFactory(
            **common(),
            institution=rng.choice(institutions),
            kind=kind,
            signed_on=day(),
            platform_name="共建研究中心" if kind == "platform" else "",
        )
    subjects = [
        ResearchSubjectFactory(bureau=campaign.bureau, subject_type=t, name=f"{t}{i}")
        for i in range(3)
        for t in ["department", "intermediary", "farmer", "commissioner", "other"]
    ]
    for _ in range(rng.randint(n // 2, n)):
        ResearchVisitFactory(**common(), subject=rng.choice(subjects), date=day(), people_met=rng.randint(1, 12))
    questionnaire = QuestionnaireFactory(**common(), opens_on=campaign.start)
    for _ in range(rng.randint(3, n)):
        moment = timezone.make_aware(datetime.datetime.combine(day(), datetime.time(rng.randint(0, 23), 30)))
        ResponseFactory(questionnaire=questionnaire, submitted_at=moment)
    for _ in range(rng.randint(3, n)):
        SuggestionFactory(**common(), date=day())
    for _ in range(rng.randint(1, 5)):
        ResearchReportFactory(**common(), date=day())
    for _ in range(rng.randint(3, n)):
        found = day()
        state = rng.choice(["pending", "in_progress", "applied", "closed"])
        deadline = found + datetime.timedelta(days=rng.randint(0, 50))
        extra = {}
        if state in ("applied", "closed"):
            extra["result"] = "已整改"
        if state == "closed":
            extra["closed_on"] = found + datetime.timedelta(days=rng.randint(0, 60))
            extra["closed_by"] = user()
        if rng.random() < 0.2:
            # Its deadline extended once (延期): counted against the deadline it has now.
            extra["original_deadline"] = deadline
            deadline += datetime.timedelta(days=rng.randint(1, 30))
        RectificationFactory(**common(), date=found, deadline=deadline, status=state, **extra)
    for _ in range(rng.randint(3, 10)):
        state = rng.choice(["pending", "in_progress", "applied", "closed"])
        issued = day()
        PlanTaskFactory(
            **common(),
            date=issued,
            deadline=issued + datetime.timedelta(days=rng.randint(0, 60)),
            status=state,
            closed_on=issued + datetime.timedelta(days=rng.randint(0, 80)) if state == "closed" else None,
        )


def independent_counts(campaign, bureau, start, end, campaigns=None) -> dict[str, int]:
    """Each figure computed in Python from plain rows, without the catalogue or any aggregate.

    `campaigns`: the campaigns whose records count (by default `campaign` alone, of `bureau`)."""
    from campaigns.models import PlanTask, Rectification, StudySession
    from enterprises.models import Application, CooperationAgreement, EnterpriseIssue, EnterpriseVisit
    from surveys.models import ResearchReport, ResearchVisit, Response, Suggestion

    today = timezone.localdate()

    counted = {(c.bureau_id, c.pk) for c in campaigns} if campaigns else {(bureau.pk, campaign.pk)}

    def rows(model):
        return [r for r in model.all_objects.all() if (r.bureau_id, r.campaign_id) in counted]

    def live(model):
        return [r for r in rows(model) if r.deleted_at is None]

    def within(day):
        return day is not None and start <= day <= end

    sessions = [s for s in live(StudySession) if within(s.date)]
    counts = {f"study.{k}": sum(s.kind == k for s in sessions) for k in ("central_group", "collective", "seminar")}
    counts.update({f"study.{k}": sum(s.kind == k for s in sessions) for k in ("practice", "delivered", "self_study")})
    counts["study.attendance"] = sum(s.attendance for s in sessions)
    visits = [v for v in live(EnterpriseVisit) if within(v.date)]
    counts["research.enterprises"] = len({v.enterprise_id for v in visits})
    counts["enterprise.visits"] = len(visits)
    research = [v for v in live(ResearchVisit) if within(v.date)]
    for key, kind in (("departments", "department"), ("intermediaries", "intermediary")):
        counts[f"research.{key}"] = len({v.subject_id for v in research if v.subject.subject_type == kind})
    service = ("commissioner", "science_worker", "farmer", "township_cadre")
    counts["research.people_visited"] = sum(v.people_met for v in research if v.subject.subject_type in service)
    counts["research.questionnaires"] = sum(
        1
        for r in Response.objects.all()
        if (r.questionnaire.bureau_id, r.questionnaire.campaign_id) in counted
        and r.questionnaire.deleted_at is None
        and within(timezone.localtime(r.submitted_at).date())
    )
    counts["research.suggestions"] = sum(within(s.date) for s in live(Suggestion))
    counts["research.reports"] = sum(within(r.date) for r in live(ResearchReport))
    # The work loop's rules, written out: open is 待签收, 办理中 or 申请销号; done is 已销号, on its close-off day.
    open_states, closed_state = ("pending", "in_progress", "applied"), "closed"
    issues = live(EnterpriseIssue)
    counts["enterprise.issues_resolved"] = sum(
        i.status == closed_state and i.outcome == "resolved" and within(i.closed_on) for i in issues
    )
    counts["enterprise.issues_open"] = sum(i.status in open_states and within(i.date) for i in issues)
    filed = [a for a in live(Application) if a.status in ("filed", "approved", "rejected") and within(a.filed_on)]
    for key in ("national_high_tech", "provincial_sme", "provincial_research_institute", "provincial_rd_centre"):
        counts[f"applications.{key}"] = sum(a.kind == key for a in filed)
    agreements = [a for a in live(CooperationAgreement) if within(a.signed_on)]
    counts["cooperation.agreements"] = sum(a.kind != "platform" for a in agreements)
    counts["cooperation.platforms"] = sum(a.kind == "platform" for a in agreements)
    problems = live(Rectification)
    counts["rectification.found"] = sum(within(p.date) for p in problems)
    counts["rectification.done"] = sum(p.status == closed_state and within(p.closed_on) for p in problems)
    counts["rectification.overdue"] = sum(
        p.status in open_states and p.deadline < today and within(p.date) for p in problems
    )
    tasks = live(PlanTask)
    counts["plan.tasks_done"] = sum(t.status == closed_state and within(t.closed_on) for t in tasks)
    counts["plan.tasks_overdue"] = sum(
        t.status in open_states and t.deadline < today and within(t.deadline) for t in tasks
    )
    # The outcomes of what was closed off in the period: by its deadline or not, and the days from given to
    # closed off. An enterprise problem counts whichever its outcome (已解决 or 无法解决).
    closed_off = {
        "rectification.": [(p.date, p.deadline, p.closed_on) for p in problems if p.status == closed_state],
        "plan.": [(t.date, t.deadline, t.closed_on) for t in tasks if t.status == closed_state],
        "enterprise.issues_": [(i.date, i.deadline, i.closed_on) for i in issues if i.status == closed_state],
    }
    for prefix, items in closed_off.items():
        items = [(given, deadline, closed) for given, deadline, closed in items if within(closed)]
        on_time = sum(closed <= deadline for _given, deadline, closed in items)
        days = sum((closed - given).days for given, _deadline, closed in items)
        counts[f"{prefix}on_time_rate"] = round(100 * on_time / len(items), 1) if items else None
        counts[f"{prefix}average_days"] = round(days / len(items), 1) if items else None
    return counts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_json_and_workbook_match_independent_counts(client, seed, staff, colleague, leader, outsider, campaign):
    rng = random.Random(seed)
    make_random_records(rng, campaign, [staff, colleague], n=24)
    # Noise that must never count: another bureau's records, and records in the recycle bin.
    make_random_records(rng, outsider.bureau.campaigns.get(), [outsider], n=6)
    for session in rng.sample(list(campaign_records(campaign)), k=3):
        session.soft_delete(staff)
    assert {i.key for i in CATALOGUE} == set(
        independent_counts(campaign, campaign.bureau, campaign.start, campaign.end)
    )

    client.force_login(leader)
    whole = client.get(reverse("reports:summary-api"), {"campaign": campaign.pk}).json()
    expected = independent_counts(campaign, campaign.bureau, campaign.start, campaign.end)
    # The random data reach every rule: something closed off, something overdue, rates and averages worked out.
    for key in ("enterprise.issues_resolved", "enterprise.issues_open", "rectification.done", "rectification.overdue"):
        assert expected[key] > 0, key
    assert all(expected[f"{prefix}on_time_rate"] is not None for prefix in ("rectification.", "enterprise.issues_"))
    assert {i["key"]: i["value"] for i in whole["indicators"]} == expected
    assert {i["key"]: i["cumulative"] for i in whole["indicators"]} == expected

    for year, month in Month.span(campaign.start, campaign.end):
        label = f"{year}-{month:02d}"
        start, end = Month(year, month).bounds
        data = client.get(reverse("reports:summary-api"), {"campaign": campaign.pk, "month": label}).json()
        assert data["month"] == label
        got = {i["key"]: (i["value"], i["cumulative"]) for i in data["indicators"]}
        month_counts = independent_counts(campaign, campaign.bureau, start, end)
        to_date = independent_counts(campaign, campaign.bureau, campaign.start, end)
        assert got == {key: (month_counts[key], to_date[key]) for key in got}, label

        response = client.get(reverse("reports:monthly-workbook"), {"campaign": campaign.pk, "month": label})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
        rows = sheet.iter_rows(min_row=4, values_only=True)
        # Indicator rows carry a unit; the strand headings between them do not.
        # Indicator rows carry a unit; the strand headings between them do not. Empty cells may be left off.
        by_label = {row[0]: (*row, None, None) for row in rows if len(row) > 1 and row[1] is not None}
        for indicator in data["indicators"]:
            row = by_label[indicator["label"]]
            assert (row[2], row[3]) == (indicator["value"], indicator["cumulative"]), (label, indicator["key"])


def campaign_records(campaign):
    from campaigns.models import StudySession

    return StudySession.objects.filter(campaign=campaign)


def test_a_parent_bureau_sees_exactly_the_sum_of_its_subtree(client, db, seed=7):
    """Province → city → two counties, and a third county straight under the province. For each parent's
    leader: every figure equals the independent count over the counties below it, every drill-down lists
    exactly the records behind its figure, every workbook sheet holds exactly the month's records of the
    subtree, and the breakdowns and warnings cover every county."""
    from reports.dashboard import breakdowns, warnings
    from reports.exporters.monthly import campaign_record_types
    from reports.selectors import Scope
    from tests.world import BureauFactory, CampaignFactory, UserFactory

    rng = random.Random(seed)
    province = BureauFactory(name="浙江省科学技术厅", level="province")
    city = BureauFactory(name="丽水市科学技术局", level="city", parent=province)
    counties = [
        BureauFactory(name="青田县科学技术局", parent=city),
        BureauFactory(name="景宁畲族自治县科学技术局", parent=city),
        BureauFactory(name="淳安县科学技术局", parent=province),
    ]
    county_campaigns = []
    for county in counties:
        campaign = CampaignFactory(bureau=county)
        staff = UserFactory(bureau=county, role="staff")
        make_random_records(rng, campaign, [staff], n=10)
        county_campaigns.append(campaign)
    parents = {
        province: (CampaignFactory(bureau=province), county_campaigns),
        city: (CampaignFactory(bureau=city), county_campaigns[:2]),
    }
    for parent, (campaign, below) in parents.items():
        leader = UserFactory(bureau=parent, role="leader")
        client.force_login(leader)
        expected = independent_counts(campaign, parent, campaign.start, campaign.end, campaigns=below)
        data = client.get(reverse("reports:summary-api"), {"campaign": campaign.pk}).json()
        assert {i["key"]: i["value"] for i in data["indicators"]} == expected, parent.name

        for indicator in data["indicators"]:
            page = client.get(reverse("reports:drilldown", args=[indicator["key"]]), {"campaign": campaign.pk})
            assert page.status_code == 200
            assert page.context["total"] == indicator["value"], (parent.name, indicator["key"])
            if page.context["indicator"].measure in ("count", "distinct"):
                assert page.context["paginator"].count == indicator["value"], (parent.name, indicator["key"])
            # The export holds the very rows the drill-down lists, every page of them.
            export = client.get(reverse("reports:drilldown-export", args=[indicator["key"]]), {"campaign": campaign.pk})
            sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True).worksheets[0]
            exported = len(list(sheet.iter_rows(min_row=2, values_only=True)))
            assert exported == page.context["paginator"].count, (parent.name, indicator["key"])

        scope = Scope.for_user(leader, campaign)
        split = breakdowns(scope, (campaign.start, campaign.end))
        records_below = sum(
            rt.model.objects.filter(campaign__in=below, **{f"{rt.model.date_field}__isnull": False}).count()
            for rt in campaign_record_types()
        )
        assert sum(n for _, n in split["departments"]) == records_below
        due = {item.bureau_id for item in warnings(scope, today=campaign.end, limit=1000)}
        assert due <= {c.bureau_id for c in below} and len(due) > 1

        for year, month in Month.span(campaign.start, campaign.end):
            start, end = Month(year, month).bounds
            response = client.get(
                reverse("reports:monthly-workbook"), {"campaign": campaign.pk, "month": f"{year}-{month:02d}"}
            )
            book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
            for record_type in campaign_record_types():
                model = record_type.model
                in_month = {f"{model.date_field}__gte": start, f"{model.date_field}__lte": end}
                want = model.objects.filter(campaign__in=below, **in_month).count()
                sheet = book[str(model._meta.verbose_name_plural)[:31]]
                rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]
                got = 0 if len(rows) == 1 and rows[0][0] == "本月无记录" else len(rows)
                assert got == want, (parent.name, model._meta.label, year, month)
