"""The enterprise page tells the enterprise's whole history with the bureau, in order."""

import datetime

from django.urls import reverse

from bureau.ledger.lifecycle import Step, take_step
from enterprises.models import Policy, Qualification
from enterprises.timeline import enterprise_history
from tests.world import (
    ApplicationFactory,
    CooperationAgreementFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
)

D = datetime.date


def _solve(issue, owner, leader, closed_on, resolution, satisfaction=None):
    """Walk a problem through the work loop: signed for, applied for as 已解决, closed off on `closed_on`,
    and (with `satisfaction`) the enterprise asked three days later."""
    issue, _ = take_step(issue, Step.ACKNOWLEDGE, owner, on=issue.date)
    values = {"outcome": "resolved", "resolution": resolution}
    issue, _ = take_step(issue, Step.APPLY, owner, values=values, on=closed_on)
    issue, _ = take_step(issue, Step.CLOSE, leader, on=closed_on)
    if satisfaction:
        later = closed_on + datetime.timedelta(days=3)
        issue, _ = take_step(issue, Step.SATISFACTION, owner, values={"satisfaction": satisfaction}, on=later)
    return issue


def test_events_come_in_date_order_with_the_visit_before_what_was_raised_at_it(staff, leader, campaign):
    enterprise = EnterpriseFactory(recorded_by=staff)
    common = {"recorded_by": staff, "campaign": campaign, "enterprise": enterprise}
    follow_up = EnterpriseVisitFactory(**common, date=D(2019, 12, 10), purpose="follow_up")
    visit = EnterpriseVisitFactory(**common, date=D(2019, 10, 24))
    issue = EnterpriseIssueFactory(**common, visit=visit, date=D(2019, 10, 24))
    issue = _solve(issue, staff, leader, D(2019, 11, 29), "办理科技型企业信用贷款", satisfaction="satisfied")
    # Closed off, then the enterprise was not satisfied: reopened, its close-off gone, the answer kept.
    reopened = EnterpriseIssueFactory(**common, date=D(2019, 11, 1))
    reopened = _solve(reopened, staff, leader, D(2019, 11, 20), "推荐技术服务机构", satisfaction="dissatisfied")
    application = ApplicationFactory(**common, filed_on=D(2019, 10, 30), status="approved", decided_on=D(2019, 12, 5))
    agreement = CooperationAgreementFactory(
        **common, kind="platform", platform_name="研究技术中心", signed_on=D(2019, 11, 26)
    )
    earlier = Qualification.objects.create(enterprise=enterprise, kind="provincial_sme", awarded_on=D(2018, 12, 20))

    events = [(e.date, e.kind, e.record) for e in enterprise_history(enterprise).events]
    assert events == [
        (D(2018, 12, 20), "qualification", earlier),
        (D(2019, 10, 24), "visit", visit),
        (D(2019, 10, 24), "issue_raised", issue),
        (D(2019, 10, 30), "application_filed", application),
        (D(2019, 11, 1), "issue_raised", reopened),
        (D(2019, 11, 23), "issue_satisfaction", reopened),
        (D(2019, 11, 26), "agreement", agreement),
        (D(2019, 11, 29), "issue_closed", issue),
        (D(2019, 12, 2), "issue_satisfaction", issue),
        (D(2019, 12, 5), "application_decided", application),
        (D(2019, 12, 10), "visit", follow_up),
    ]


def test_records_in_the_recycle_bin_leave_the_timeline(staff, campaign):
    visit = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign)
    EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, enterprise=visit.enterprise).soft_delete(staff)
    assert [e.kind for e in enterprise_history(visit.enterprise).events] == ["visit"]


def test_the_enterprise_page_shows_policies_problem_and_outcome(client, staff, leader, campaign):
    policies = Policy.objects.filter(bureau=staff.bureau, name__in=["高新技术企业认定", "认定后省级财政补助"])
    visit = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign, policies=list(policies))
    issue = EnterpriseIssueFactory(
        recorded_by=staff,
        campaign=campaign,
        enterprise=visit.enterprise,
        visit=visit,
        description="缺少融资渠道",
        feedback="很满意",
    )
    _solve(issue, staff, leader, D(2019, 11, 29), "对接合作银行", satisfaction="satisfied")
    # Applied for close-off but not yet closed off: neither solved nor shown as closed off.
    applied = EnterpriseIssueFactory(
        recorded_by=staff,
        campaign=campaign,
        enterprise=visit.enterprise,
        description="缺少研发人员",
        status="in_progress",
    )
    take_step(applied, Step.APPLY, staff, values={"outcome": "resolved", "resolution": "推荐人才政策"})
    client.force_login(staff)
    page = client.get(visit.enterprise.get_absolute_url()).content.decode()
    timeline = page[page.index('id="timeline"') :]
    closed = timeline.index('data-kind="issue_closed"')
    assert timeline.index("高新技术企业认定") < timeline.index("缺少融资渠道") < closed
    assert closed < timeline.index("对接合作银行") < timeline.index('data-kind="issue_satisfaction"')
    assert timeline.count('data-kind="issue_closed"') == timeline.count('data-kind="issue_satisfaction"') == 1
    assert f"已解决：缺少融资渠道</a> · 销号人：{leader}" in timeline
    assert f"满意：缺少融资渠道</a> · 回访人：{staff}" in timeline
    assert "认定后省级财政补助" in timeline and "企业反馈：很满意" in timeline
    assert "走访 1 次 · 反映问题 2 个（已解决 1 个，待解决 1 个）" in page
    # The visit's own page lists the problem raised at it and offers to log another.
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    assert "缺少融资渠道" in visit_page
    assert f"{reverse('enterprises:enterpriseissue-create')}?visit={visit.pk}" in visit_page


def test_an_open_overdue_problem_shows_its_red_warning(client, staff, campaign):
    issue = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, deadline=D(2019, 11, 30))
    client.force_login(staff)
    for url in (issue.get_absolute_url(), issue.enterprise.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "红色预警" in page
    assert "已超过时限，尚未销号" in client.get(issue.get_absolute_url()).content.decode()


def test_a_reopened_problem_shows_the_enterprise_was_not_satisfied(client, staff, leader, campaign):
    issue = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, description="污水处理设施改造")
    _solve(issue, staff, leader, D(2019, 11, 20), "推荐技术服务机构", satisfaction="dissatisfied")
    client.force_login(staff)
    page = client.get(issue.enterprise.get_absolute_url()).content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert 'data-kind="issue_closed"' not in timeline
    assert "不满意：污水处理设施改造" in timeline and "企业不满意，问题已重新办理" in timeline
    assert "反映问题 1 个（已解决 0 个，待解决 1 个）" in page
