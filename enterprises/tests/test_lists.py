"""List pages and the enterprise timeline: filters, search, and a query count that does not grow with the rows."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Policy, Qualification
from tests.helpers import assert_list_queries_do_not_grow, with_photos
from tests.world import (
    ApplicationFactory,
    CooperationAgreementFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
    InstitutionFactory,
    credit_code,
)

D = datetime.date


def _fill(kind, n, owner):
    campaign = owner.bureau.campaigns.get()
    policies = list(Policy.objects.filter(bureau=owner.bureau)[:2])
    records = {
        "enterprise": lambda: EnterpriseFactory.create_batch(n, recorded_by=owner),
        "enterprisevisit": lambda: EnterpriseVisitFactory.create_batch(
            n, recorded_by=owner, campaign=campaign, policies=policies
        ),
        "enterpriseissue": lambda: EnterpriseIssueFactory.create_batch(n, recorded_by=owner, campaign=campaign),
        "application": lambda: ApplicationFactory.create_batch(n, recorded_by=owner, campaign=campaign),
        "institution": lambda: InstitutionFactory.create_batch(n, recorded_by=owner),
        "cooperationagreement": lambda: CooperationAgreementFactory.create_batch(
            n, recorded_by=owner, campaign=campaign
        ),
    }[kind]()
    return with_photos(records, owner)


# Every list: session, user, count, the page of rows (with their enterprise, owner… joined), their attachments,
# the departments for the filter, the 我的待办 badge, the session's expiry refresh, two savepoint pairs of
# ATOMIC_REQUESTS = 12; plus one query per filter whose choices come from the database.
LIST_QUERIES = {
    "enterprise": 13,  # + the towns for the town filter
    "enterprisevisit": 16,  # + policies and people for the filters, + visitors and policies of the rows
    "enterpriseissue": 13,  # + people for the owner filter
    "application": 12,
    "institution": 12,
    "cooperationagreement": 13,  # + institutions for the filter
}


@pytest.mark.parametrize("kind", LIST_QUERIES)
def test_list_query_count_is_the_same_for_1_and_20_rows(client, staff, kind, django_assert_num_queries):
    client.force_login(staff)
    url = reverse(f"enterprises:{kind}-list")
    assert_list_queries_do_not_grow(
        client, url, lambda n: _fill(kind, n, staff), LIST_QUERIES[kind], django_assert_num_queries
    )


def _history(enterprise, owner, events):
    """Give the enterprise 1 event (a visit) or 20 of every kind."""
    campaign = owner.bureau.campaigns.get()
    common = {"recorded_by": owner, "campaign": campaign, "enterprise": enterprise}
    policies = list(Policy.objects.filter(bureau=owner.bureau)[:3])
    if events == 1:
        EnterpriseVisitFactory(**common, policies=policies)
        return
    for day in range(5):  # + 5 visits = 6
        EnterpriseVisitFactory(**common, date=D(2019, 11, 1 + day), policies=policies)
    for n in range(4):  # 4 raised, 2 of them solved: 6
        solved = {"status": "closed", "outcome": "resolved", "resolution": "已解决", "closed_on": D(2019, 11, 20)}
        solved = solved if n < 2 else {}
        EnterpriseIssueFactory(**common, date=D(2019, 11, 10), **solved)
    ApplicationFactory(**common, kind="provincial_sme")  # filed: 1
    ApplicationFactory(**common, status="approved", decided_on=D(2019, 12, 5))  # filed, approved: 2
    ApplicationFactory(**common, kind="other", status="preparing", filed_on=None, year=2020)  # preparing: 1
    CooperationAgreementFactory.create_batch(2, **common)  # 2
    for kind in ("provincial_research_institute", "provincial_rd_centre"):  # 2
        Qualification.objects.create(enterprise=enterprise, kind=kind, awarded_on=D(2018, 12, 1))


def test_timeline_query_count_is_the_same_for_1_and_20_events(client, staff, django_assert_num_queries):
    client.force_login(staff)
    enterprise = EnterpriseFactory(recorded_by=staff)
    url = enterprise.get_absolute_url()
    _history(enterprise, staff, 1)
    client.get(url)
    # session, user, the enterprise, its recorder, its attachments; visits, their visitors, their policies,
    # problems (with owners), applications (with helpers), agreements (with institutions), qualifications;
    # may the user change it; the 我的待办 badge, the session refresh and two savepoint pairs.
    with django_assert_num_queries(19):
        first = client.get(url)
    _history(enterprise, staff, 20)
    with django_assert_num_queries(19):
        second = client.get(url)
    assert len(first.context["history"].events) == 1
    assert len(second.context["history"].events) == 20


def test_enterprises_are_found_by_name_or_code(client, staff):
    valves = EnterpriseFactory(recorded_by=staff, name="浙江瓯江阀门有限公司", credit_code=credit_code(11))
    EnterpriseFactory(recorded_by=staff, name="青田县石韵雕刻艺术有限公司", town="山口镇", credit_code=credit_code(12))
    client.force_login(staff)
    url = reverse("enterprises:enterprise-list")

    def names(**params):
        return [e.name for e in client.get(url, params).context["records"]]

    assert names(q="阀门") == ["浙江瓯江阀门有限公司"]
    assert names(q=valves.credit_code) == ["浙江瓯江阀门有限公司"]
    assert names(q=valves.credit_code[-6:].lower()) == ["浙江瓯江阀门有限公司"]
    assert names(town="山口镇") == ["青田县石韵雕刻艺术有限公司"]


def test_enterprises_filter_by_qualification_export_and_codes(client, staff):
    exporter = EnterpriseFactory(
        recorded_by=staff, name="出口企业", exports=True, export_markets="美国", in_high_tech_codes=True
    )
    EnterpriseFactory(recorded_by=staff, name="内销企业")
    Qualification.objects.create(enterprise=exporter, kind="provincial_sme", awarded_on=D(2018, 12, 1))
    Qualification.objects.create(enterprise=exporter, kind="national_high_tech", awarded_on=D(2018, 12, 1))
    client.force_login(staff)
    url = reverse("enterprises:enterprise-list")

    def names(**params):
        return [e.name for e in client.get(url, params).context["records"]]

    assert names(exports="true") == ["出口企业"]
    assert names(exports="false") == ["内销企业"]
    assert names(in_high_tech_codes="true") == ["出口企业"]
    assert names(qualification="national_high_tech") == ["出口企业"]
    assert names(qualification="provincial_rd_centre") == []


def test_visits_filter_by_purpose_policy_person_and_date(client, staff, colleague, campaign):
    policy = Policy.objects.get(bureau=staff.bureau, name="研发费用加计扣除")
    a = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign, purpose="policy", policies=[policy])
    b = EnterpriseVisitFactory(
        recorded_by=staff, campaign=campaign, purpose="research", date=D(2019, 12, 2), visitors=[colleague]
    )
    client.force_login(staff)
    url = reverse("enterprises:enterprisevisit-list")

    def pks(**params):
        return [v.pk for v in client.get(url, params).context["records"]]

    assert pks(purpose="policy") == [a.pk]
    assert pks(policies=policy.pk) == [a.pk]
    assert pks(visitors=colleague.pk) == [b.pk]
    assert pks(date_from="2019-12-01") == [b.pk]
    assert pks(q=b.enterprise.name) == [b.pk]
    page = client.get(url).content.decode()
    assert "研发费用加计扣除" in page and str(colleague) in page


def test_problems_filter_by_open_and_overdue(client, staff, campaign):
    common = {"recorded_by": staff, "campaign": campaign}
    overdue = EnterpriseIssueFactory(**common, description="逾期未办")
    applied = EnterpriseIssueFactory(
        **common, description="申请销号", status="applied", outcome="resolved", resolution="已办"
    )
    solved = EnterpriseIssueFactory(
        **common,
        description="已经解决",
        status="closed",
        outcome="resolved",
        resolution="已办",
        closed_on=D(2019, 11, 1),
    )
    given_up = EnterpriseIssueFactory(
        **common,
        description="无法解决",
        status="closed",
        outcome="unresolvable",
        unresolved_reason="超出职能",
        closed_on=D(2019, 11, 2),
    )
    client.force_login(staff)
    url = reverse("enterprises:enterpriseissue-list")

    def pks(**params):
        return [i.pk for i in client.get(url, params).context["records"]]

    # Applied for close-off is still open (and overdue) until a leader closes it off.
    assert sorted(pks(open="true")) == sorted([overdue.pk, applied.pk])
    assert sorted(pks(open="false")) == sorted([solved.pk, given_up.pk])
    assert sorted(pks(overdue="true")) == sorted([overdue.pk, applied.pk])
    assert pks(status="applied") == [applied.pk]
    assert sorted(pks(status="closed")) == sorted([solved.pk, given_up.pk])
    assert pks(status="closed", outcome="resolved") == [solved.pk]
    assert pks(outcome="unresolvable") == [given_up.pk]


def test_applications_and_agreements_filter_by_kind(client, staff, campaign):
    common = {"recorded_by": staff, "campaign": campaign}
    national = ApplicationFactory(**common)
    ApplicationFactory(**common, kind="provincial_sme")
    platform = CooperationAgreementFactory(**common, kind="platform", platform_name="海洋工程用钢可靠性研究技术中心")
    CooperationAgreementFactory(**common)
    client.force_login(staff)
    applications = client.get(reverse("enterprises:application-list"), {"kind": "national_high_tech"})
    assert [a.pk for a in applications.context["records"]] == [national.pk]
    agreements = client.get(reverse("enterprises:cooperationagreement-list"), {"q": "海洋工程"})
    assert [a.pk for a in agreements.context["records"]] == [platform.pk]
    agreements = client.get(reverse("enterprises:cooperationagreement-list"), {"institution": platform.institution_id})
    assert [a.pk for a in agreements.context["records"]] == [platform.pk]
