"""Business rules on the enterprise strand's models, and the QuerySet methods the reports count with."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bureau.ledger.lifecycle import Step, take_step, try_step
from enterprises.models import (
    DEFAULT_POLICIES,
    Application,
    CooperationAgreement,
    EnterpriseIssue,
    EnterpriseVisit,
    Policy,
    Qualification,
    validate_credit_code,
)
from enterprises.services import approve_application
from tests.helpers import figures
from tests.world import (
    ApplicationFactory,
    BureauFactory,
    CooperationAgreementFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
    credit_code,
)

D = datetime.date


def messages(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict.get(field, []))


# --- credit codes -------------------------------------------------------------------------------


def test_a_valid_credit_code_passes():
    validate_credit_code("91110000600037341L")  # the python-stdnum documentation's example
    validate_credit_code(credit_code(7))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("91110000600037341M", "校验位"),
        ("9111000060003734", "应为 18 位，您输入了 16 位"),
        ("A1110000600037341L", "格式不正确"),
        ("9111000060003734IL", "格式不正确"),
    ],
)
def test_a_wrong_credit_code_says_what_is_wrong(code, expected):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert expected in error.value.messages[0]


def test_same_code_twice_in_one_bureau_is_refused(staff):
    first = EnterpriseFactory(recorded_by=staff, name="青田县瓯江阀门有限公司")
    again = EnterpriseFactory.build(recorded_by=staff, bureau=staff.bureau, credit_code=first.credit_code)
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "已登记统一社会信用代码为" in messages(error.value, "credit_code")
    assert "青田县瓯江阀门有限公司" in messages(error.value, "credit_code")


def test_a_code_in_the_recycle_bin_is_still_taken(staff):
    first = EnterpriseFactory(recorded_by=staff)
    first.soft_delete(staff)
    again = EnterpriseFactory.build(recorded_by=staff, bureau=staff.bureau, credit_code=first.credit_code)
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "回收站" in messages(error.value, "credit_code")


def test_another_bureau_may_register_the_same_enterprise(staff, outsider):
    mine = EnterpriseFactory(recorded_by=staff)
    theirs = EnterpriseFactory.build(recorded_by=outsider, bureau=outsider.bureau, credit_code=mine.credit_code)
    theirs.full_clean()


def test_an_exporter_names_its_markets(staff):
    enterprise = EnterpriseFactory.build(recorded_by=staff, bureau=staff.bureau, exports=True, export_markets="")
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "出口企业须填写出口国家/地区" in messages(error.value, "export_markets")
    enterprise.export_markets = "美国"
    enterprise.full_clean()


# --- policies -----------------------------------------------------------------------------------


def test_a_new_bureau_gets_the_standard_policy_list(db):
    bureau = BureauFactory(name="云和县科学技术局")
    names = list(Policy.objects.filter(bureau=bureau).values_list("name", flat=True))
    assert names == DEFAULT_POLICIES
    assert "高新技术企业所得税减免" in names and "认定后省级财政补助" in names


# --- visits -------------------------------------------------------------------------------------


def test_a_visit_cannot_be_dated_in_the_future(staff, campaign):
    visit = EnterpriseVisitFactory.build(
        recorded_by=staff,
        bureau=staff.bureau,
        campaign=campaign,
        enterprise=EnterpriseFactory(recorded_by=staff),
        date=timezone.localdate() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert "走访日期不能晚于今天" in messages(error.value, "date")


def test_a_visit_must_lie_inside_the_campaign(staff, campaign):
    visit = EnterpriseVisitFactory.build(
        recorded_by=staff,
        bureau=staff.bureau,
        campaign=campaign,
        enterprise=EnterpriseFactory(recorded_by=staff),
        date=D(2019, 3, 1),
    )
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert "日期须在主题教育期间" in messages(error.value, "date")


def test_visits_count_distinct_enterprises_by_visit_date(staff, campaign):
    a, b = EnterpriseFactory(recorded_by=staff), EnterpriseFactory(recorded_by=staff)
    for enterprise, day in [(a, D(2019, 10, 1)), (a, D(2019, 10, 20)), (b, D(2019, 11, 5)), (b, D(2019, 12, 5))]:
        EnterpriseVisitFactory(recorded_by=staff, campaign=campaign, enterprise=enterprise, date=day)
    assert EnterpriseVisit.objects.count() == 4
    assert figures(campaign)["research.enterprises"] == 2
    assert figures(campaign, D(2019, 10, 1), D(2019, 10, 31))["research.enterprises"] == 1
    assert figures(campaign, end=D(2019, 11, 5))["enterprise.visits"] == 3
    assert figures(campaign, D(2019, 11, 1), D(2019, 11, 30))["research.enterprises"] == 1


def test_deleted_visits_do_not_count(staff, campaign):
    visit = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign)
    visit.soft_delete(staff)
    assert figures(campaign)["research.enterprises"] == figures(campaign)["enterprise.visits"] == 0


# --- problems -----------------------------------------------------------------------------------


def _issue(staff, campaign, **fields):
    enterprise = fields.pop("enterprise", None) or EnterpriseFactory(recorded_by=staff)
    return EnterpriseIssueFactory.build(
        recorded_by=staff, bureau=staff.bureau, campaign=campaign, enterprise=enterprise, owner=staff, **fields
    )


def _taken_up(staff, campaign, **fields):
    """A problem its 责任人 has signed for (签收): 办理中."""
    issue = _issue(staff, campaign, **fields)
    issue.save()
    issue, _ = take_step(issue, Step.ACKNOWLEDGE, staff, on=D(2019, 10, 16))
    return issue


def test_a_resolved_problem_says_how_and_when(staff, leader, campaign):
    issue = _taken_up(staff, campaign)
    with pytest.raises(ValidationError) as error:
        try_step(issue, Step.APPLY, staff, values={"outcome": ""}, on=D(2019, 11, 1))
    assert "请选择办理结果" in messages(error.value, "outcome")
    issue.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        try_step(issue, Step.APPLY, staff, values={"outcome": "resolved", "resolution": " "}, on=D(2019, 11, 1))
    assert "须填写解决方式" in messages(error.value, "resolution")
    issue.refresh_from_db()
    values = {"outcome": "resolved", "resolution": "协助申请科技信用贷款"}
    issue, _ = take_step(issue, Step.APPLY, staff, values=values, on=D(2019, 11, 1))
    assert issue.status == "applied" and issue.closed_on is None and not issue.is_resolved
    issue, _ = take_step(issue, Step.CLOSE, leader, on=D(2019, 11, 2))
    assert issue.status == "closed" and issue.outcome == "resolved" and issue.is_resolved
    assert (issue.closed_on, issue.closed_by) == (D(2019, 11, 2), leader)


def test_an_unresolvable_problem_gives_its_reason(staff, campaign):
    issue = _taken_up(staff, campaign)
    with pytest.raises(ValidationError) as error:
        try_step(issue, Step.APPLY, staff, values={"outcome": "unresolvable", "unresolved_reason": ""})
    assert "须说明原因" in messages(error.value, "unresolved_reason")
    issue.refresh_from_db()
    values = {"outcome": "unresolvable", "unresolved_reason": "超出本局职能"}
    assert try_step(issue, Step.APPLY, staff, values=values).state_after == "applied"


def test_an_open_problem_has_no_closing_date(staff, leader, campaign):
    issue = _taken_up(staff, campaign)
    values = {"outcome": "resolved", "resolution": "已协调解决"}
    issue, _ = take_step(issue, Step.APPLY, staff, values=values, on=D(2019, 11, 1))
    # Returned: back to 办理中, never closed off.
    issue, _ = take_step(issue, Step.RETURN, leader, opinion="请补充企业确认材料", on=D(2019, 11, 2))
    assert issue.status == "in_progress" and issue.closed_on is None and issue.closed_by is None
    issue, _ = take_step(issue, Step.APPLY, staff, values=values, on=D(2019, 11, 3))
    issue, _ = take_step(issue, Step.CLOSE, leader, on=D(2019, 11, 4))
    assert issue.closed_on == D(2019, 11, 4)
    # The enterprise is not satisfied: the problem is open again and its close-off undone.
    issue, _ = take_step(issue, Step.SATISFACTION, staff, values={"satisfaction": "dissatisfied"}, on=D(2019, 11, 8))
    assert issue.status == "in_progress" and issue.is_open
    assert issue.closed_on is None and issue.closed_by is None and not issue.is_resolved


def test_problem_dates_must_follow_each_other(staff, campaign):
    issue = _issue(staff, campaign, date=D(2019, 10, 15), deadline=D(2019, 10, 1))
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert "不能早于反映日期" in messages(error.value, "deadline")


def test_the_visit_must_be_to_the_same_enterprise(staff, campaign):
    visit = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign)
    issue = _issue(staff, campaign, visit=visit)
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert "不是对该企业的走访" in messages(error.value, "visit")
    issue.enterprise = visit.enterprise
    issue.full_clean()


@pytest.mark.parametrize(("days_left", "warning"), [(10, None), (7, "blue"), (3, "yellow"), (0, "yellow"), (-1, "red")])
def test_open_problems_get_the_supervision_colours(staff, campaign, days_left, warning):
    today = timezone.localdate()
    issue = _issue(staff, campaign, deadline=today + datetime.timedelta(days=days_left))
    assert issue.warning == warning
    assert issue.is_overdue == (days_left < 0)
    issue.status = "applied"  # applied for close-off: still supervised until a leader closes it off
    assert issue.warning == warning
    issue.status, issue.outcome = "closed", "resolved"
    assert issue.warning is None and not issue.is_overdue


def test_problems_solved_count_by_close_off_date(staff, campaign):
    common = {"recorded_by": staff, "campaign": campaign}
    solved = {"status": "closed", "outcome": "resolved", "resolution": "已办"}
    EnterpriseIssueFactory(**common, **solved, date=D(2019, 10, 10), closed_on=D(2019, 11, 5))
    EnterpriseIssueFactory(**common, **solved, date=D(2019, 11, 10), closed_on=D(2019, 12, 1))
    EnterpriseIssueFactory(
        **common,
        date=D(2019, 11, 12),
        status="closed",
        outcome="unresolvable",
        unresolved_reason="超出职责",
        closed_on=D(2019, 11, 20),
    )
    # Applied for as solved, not yet closed off: not counted, still open.
    EnterpriseIssueFactory(
        **common,
        date=D(2019, 11, 13),
        status="applied",
        outcome="resolved",
        resolution="已办",
        deadline=D(2019, 11, 30),
    )
    EnterpriseIssueFactory(**common, date=D(2019, 11, 15), status="in_progress", deadline=D(2019, 11, 20))
    issues = EnterpriseIssue.objects.all()
    # Raised in October, closed off in November: a November figure.
    assert figures(campaign, D(2019, 11, 1), D(2019, 11, 30))["enterprise.issues_resolved"] == 1
    assert figures(campaign)["enterprise.issues_resolved"] == 2
    assert issues.resolved().count() == 2
    assert issues.open().count() == 2
    assert issues.overdue(today=D(2019, 11, 21)).count() == 1


# --- applications and qualifications ------------------------------------------------------------


def _application(staff, campaign, **fields):
    return ApplicationFactory.build(
        recorded_by=staff,
        bureau=staff.bureau,
        campaign=campaign,
        enterprise=EnterpriseFactory(recorded_by=staff),
        **fields,
    )


def test_an_approved_application_needs_its_approval_date(staff, campaign):
    application = _application(staff, campaign, status="approved", decided_on=None)
    with pytest.raises(ValidationError) as error:
        application.full_clean()
    assert "状态为“已认定”时须填写认定日期" in messages(error.value, "decided_on")


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        ({"status": "filed", "filed_on": None}, "filed_on", "须填写申报日期"),
        ({"status": "preparing", "filed_on": D(2019, 10, 1)}, "filed_on", "请将申报状态改为“已申报”"),
        ({"status": "rejected", "decided_on": None}, "decided_on", "须填写结果公布日期"),
        ({"status": "filed", "decided_on": D(2019, 12, 1)}, "decided_on", "尚无认定结果"),
        ({"status": "approved", "decided_on": D(2019, 10, 1)}, "decided_on", "不能早于申报日期"),
        ({"filed_on": D(2019, 8, 1)}, "filed_on", "日期须在主题教育期间"),
    ],
)
def test_application_dates_agree_with_its_status(staff, campaign, fields, field, expected):
    application = _application(staff, campaign, **fields)
    with pytest.raises(ValidationError) as error:
        application.full_clean()
    assert expected in messages(error.value, field)


def test_a_decision_after_the_campaign_is_allowed(staff, campaign):
    # The authority announces results when it does; only the filing places the application in the campaign.
    _application(staff, campaign, status="approved", decided_on=D(2020, 3, 2)).full_clean()


def test_approval_makes_the_enterprise_qualified(staff, campaign):
    application = ApplicationFactory(recorded_by=staff, campaign=campaign)
    assert not Qualification.objects.exists()
    approve_application(application, D(2019, 12, 5), "GR201933000001")
    qualification = application.enterprise.qualifications.get()
    assert qualification.kind == "national_high_tech"
    assert qualification.awarded_on == D(2019, 12, 5)
    assert qualification.valid_until == D(2022, 12, 4)  # three years
    assert qualification.certificate_no == "GR201933000001"
    assert qualification.application == application


def test_undoing_an_approval_withdraws_the_qualification(staff, campaign):
    application = ApplicationFactory(recorded_by=staff, campaign=campaign)
    approve_application(application, D(2019, 12, 5))
    application.status = "rejected"
    application.save()
    assert not Qualification.objects.exists()


def test_a_deleted_application_takes_its_qualification_along_and_restoring_brings_it_back(staff, campaign):
    application = ApplicationFactory(recorded_by=staff, campaign=campaign, kind="provincial_sme")
    approve_application(application, D(2019, 12, 27))
    application.soft_delete(staff)
    assert not Qualification.objects.exists()
    application.restore()
    qualification = Qualification.objects.get()
    assert qualification.kind == "provincial_sme" and qualification.valid_until is None


def test_editing_an_approval_updates_the_qualification_not_duplicates_it(staff, campaign):
    application = ApplicationFactory(recorded_by=staff, campaign=campaign)
    approve_application(application, D(2019, 12, 5))
    application.decided_on = D(2019, 12, 20)
    application.save()
    assert Qualification.objects.get().awarded_on == D(2019, 12, 20)


def test_applications_filed_count_by_kind_and_filing_date(staff, campaign):
    common = {"recorded_by": staff, "campaign": campaign}
    ApplicationFactory(**common, kind="national_high_tech", filed_on=D(2019, 9, 20))
    ApplicationFactory(**common, kind="national_high_tech", filed_on=D(2019, 10, 20))
    ApplicationFactory(
        **common, kind="provincial_sme", filed_on=D(2019, 10, 21), status="approved", decided_on=D(2019, 12, 27)
    )
    ApplicationFactory(**common, kind="national_high_tech", status="preparing", filed_on=None)
    applications = Application.objects.all()
    assert applications.filed().count() == 3
    october = figures(campaign, D(2019, 10, 1), D(2019, 10, 31))
    assert {key: october[f"applications.{key}"] for key in ("national_high_tech", "provincial_sme")} == {
        "national_high_tech": 1,
        "provincial_sme": 1,
    }
    assert october["applications.provincial_research_institute"] == october["applications.provincial_rd_centre"] == 0


# --- cooperation --------------------------------------------------------------------------------


def test_a_platform_agreement_names_its_platform(staff, campaign):
    agreement = CooperationAgreementFactory.build(
        recorded_by=staff,
        bureau=staff.bureau,
        campaign=campaign,
        institution=CooperationAgreementFactory(recorded_by=staff, campaign=campaign).institution,
        kind="platform",
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "须填写平台名称" in messages(error.value, "platform_name")
    agreement.platform_name = "海洋工程用钢可靠性研究技术中心"
    agreement.full_clean()
    agreement.kind = "strategic"
    with pytest.raises(ValidationError):
        agreement.full_clean()


def test_agreements_count_by_kind_and_signed_date(staff, campaign):
    common = {"recorded_by": staff, "campaign": campaign}
    CooperationAgreementFactory(**common, signed_on=D(2019, 10, 22))
    CooperationAgreementFactory(**common, signed_on=D(2019, 11, 8))
    CooperationAgreementFactory(**common, kind="platform", platform_name="研究中心", signed_on=D(2019, 11, 26))
    agreements = CooperationAgreement.objects.all()
    november = figures(campaign, D(2019, 11, 1), D(2019, 11, 30))
    assert (november["cooperation.agreements"], november["cooperation.platforms"]) == (1, 1)
    assert agreements.platforms().count() == 1
    assert figures(campaign, end=D(2019, 10, 31))["cooperation.agreements"] == 1


def test_a_problem_cannot_be_closed_off_inside_a_closed_month(staff, leader, campaign, monkeypatch):
    from bureau.ledger import period_locks

    # November's report has been submitted: its "problems solved" figure must stay as reported.
    monkeypatch.setattr(period_locks, "_checkers", [lambda bureau_id, day: (day.year, day.month) == (2019, 11)])
    created = EnterpriseIssueFactory(
        recorded_by=staff,
        campaign=campaign,
        date=D(2019, 10, 15),
        status="applied",
        outcome="resolved",
        resolution="已协调解决",
    )
    issue = EnterpriseIssue.objects.get(pk=created.pk)
    with pytest.raises(ValidationError) as error:
        take_step(issue, Step.CLOSE, leader, on=D(2019, 11, 20))
    assert "2019-11 的月报已报送" in " ".join(error.value.messages)
    issue.refresh_from_db()
    assert issue.status == "applied" and issue.closed_on is None
    issue, _ = take_step(issue, Step.CLOSE, leader, on=D(2019, 12, 2))
    assert issue.closed_on == D(2019, 12, 2)
