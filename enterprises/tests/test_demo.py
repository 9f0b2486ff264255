"""The demo data reproduces the article's enterprise figures inside the demo campaign, and loads idempotently."""

import pytest

from bureau import demo as bureau_demo
from campaigns import demo as campaigns_demo
from enterprises import demo
from enterprises.models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Institution,
    Qualification,
)
from tests.helpers import figures

MODELS = (Enterprise, EnterpriseVisit, EnterpriseIssue, Application, Institution, CooperationAgreement, Qualification)


def _load():
    # Only the parts this strand builds on, so other apps' demo data cannot make this test fail.
    context = {}
    bureau_demo.load(context)
    campaigns_demo.load(context)
    demo.load(context)
    return context


@pytest.fixture
def demo_context(db):
    return _load()


def test_loading_twice_changes_nothing(demo_context):
    first = {m.__name__: m.objects.count() for m in MODELS}
    visits_m2m = sorted(EnterpriseVisit.objects.values_list("pk", "policies", "visitors"))
    _load()
    assert {m.__name__: m.objects.count() for m in MODELS} == first
    assert sorted(EnterpriseVisit.objects.values_list("pk", "policies", "visitors")) == visits_m2m


def test_article_figures_inside_the_campaign(demo_context):
    campaign = demo_context["campaign"]
    found = figures(campaign)
    assert found["research.enterprises"] == 63
    issues = EnterpriseIssue.objects.filter(campaign=campaign)
    assert found["enterprise.issues_resolved"] == 42
    # Still in hand: every open state of the work loop, and one the enterprise was not satisfied with.
    assert issues.open().count() == found["enterprise.issues_open"] == 6
    assert set(issues.open().values_list("status", flat=True)) == {"pending", "in_progress", "applied"}
    reopened = issues.get(satisfaction="dissatisfied")
    assert reopened.status == "in_progress" and reopened.closed_on is None
    given_up = issues.closed().exclude(outcome="resolved").get()
    assert given_up.outcome == "unresolvable" and given_up.unresolved_reason
    assert issues.resolved().count() == 42 and not issues.resolved().filter(closed_by__isnull=True).exists()
    assert {key: found[f"applications.{key}"] for key in ("national_high_tech", "provincial_sme")} == {
        "national_high_tech": 7,
        "provincial_sme": 10,
    }
    assert found["applications.provincial_research_institute"] == found["applications.provincial_rd_centre"] == 2
    assert not Application.objects.filter(campaign=campaign, kind="other").filed().exists()
    agreements = CooperationAgreement.objects.filter(campaign=campaign)
    assert (found["cooperation.agreements"], found["cooperation.platforms"]) == (5, 1)
    assert not agreements.filter(kind="tech_transfer").exists()
    assert agreements.strategic().filter(enterprise__isnull=True).count() == 5
    platform = agreements.platforms().get()
    assert platform.platform_name == "海洋工程用钢可靠性研究技术中心"
    assert platform.enterprise.name == "浙江青山钢铁有限公司"
    assert platform.institution.name == "中国科学院宁波材料技术与工程研究所"


def test_every_dated_record_lies_inside_the_campaign(demo_context):
    campaign = demo_context["campaign"]
    for model in (EnterpriseVisit, EnterpriseIssue, Application, CooperationAgreement):
        days = [d for d in model.objects.values_list(model.date_field, flat=True) if d is not None]
        assert days and all(campaign.contains(d) for d in days), model.__name__
    for field in ("closed_on", "satisfaction_on"):
        days = EnterpriseIssue.objects.exclude(**{field: None}).values_list(field, flat=True)
        assert days and all(campaign.contains(d) for d in days), field


def test_every_demo_record_passes_the_forms_rules(demo_context):
    # full_clean is what the forms and the Excel import run: demo data must be data a user could have entered.
    for model in MODELS:
        for record in model.objects.all():
            record.full_clean()


def test_the_metal_ornaments_exporter(demo_context):
    zhengteng = Enterprise.objects.get(name="青田县正腾金属饰品有限公司")
    assert zhengteng.exports and "美国" in zhengteng.export_markets
    assert zhengteng.in_high_tech_codes
    first = zhengteng.visits.order_by("date").first()
    assert set(first.policies.values_list("name", flat=True)) == {
        "高新技术企业认定",
        "高新技术企业所得税减免",
        "认定后省级财政补助",
    }
    problem = zhengteng.issues.get()
    assert problem.category == "financing" and problem.visit == first
    assert problem.status == "closed" and problem.outcome == "resolved" and problem.satisfaction == "satisfied"


def test_approved_applications_became_qualifications(demo_context):
    approved = Application.objects.filter(status="approved", campaign=demo_context["campaign"])
    assert approved.count() == 10
    assert Qualification.objects.filter(application__in=approved).count() == 10
    national = Qualification.objects.filter(application__isnull=False, kind="national_high_tech").first()
    assert national.valid_until is not None
