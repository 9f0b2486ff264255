"""Bad input on the enterprise strand's forms: a clear Chinese message, a 400, nothing saved."""

import datetime

from django.urls import reverse
from django.utils import timezone

from enterprises.models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Policy,
    Qualification,
)
from tests.world import (
    ApplicationFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
    InstitutionFactory,
    UserFactory,
    credit_code,
)


def enterprise_data(**overrides):
    data = {
        "name": "青田县正腾金属饰品有限公司",
        "credit_code": credit_code(1),
        "town": "油竹街道",
        "industry": "金属制品业",
        "in_high_tech_codes": "on",
        "exports": "on",
        "export_markets": "美国",
        "contact_person": "王建国",
        "contact_phone": "0578-6512345",
        "notes": "",
        "attachment_kind": "document",
    }
    data.update(overrides)
    return data


def visit_data(campaign, enterprise, visitors, policies, **overrides):
    data = {
        "campaign": campaign.pk,
        "enterprise": enterprise.pk,
        "date": "2019-10-24",
        "purpose": "policy",
        "visitors": [u.pk for u in visitors],
        "policies": [p.pk for p in policies],
        "summary": "送政策上门",
        "notes": "",
        "attachment_kind": "photo",
    }
    data.update(overrides)
    return data


def issue_data(campaign, enterprise, owner, **overrides):
    data = {
        "campaign": campaign.pk,
        "enterprise": enterprise.pk,
        "visit": "",
        "date": "2019-10-24",
        "category": "financing",
        "description": "技术改造资金不足",
        "owner": owner.pk,
        "deadline": "2019-11-30",
        "measure": "",
        "notes": "",
        "attachment_kind": "photo",
    }
    data.update(overrides)
    return data


def application_data(campaign, enterprise, helper, **overrides):
    data = {
        "campaign": campaign.pk,
        "enterprise": enterprise.pk,
        "kind": "national_high_tech",
        "year": "2019",
        "status": "filed",
        "filed_on": "2019-09-20",
        "decided_on": "",
        "certificate_no": "",
        "helped_by": helper.pk,
        "notes": "",
        "attachment_kind": "document",
    }
    data.update(overrides)
    return data


def errors_of(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


# --- the enterprise registry --------------------------------------------------------------------


def test_registering_an_enterprise_normalises_its_code(staff_client, staff):
    code = credit_code(1)
    typed = f"{code[:8].lower()} {code[8:].lower()}"
    response = staff_client.post(reverse("enterprises:enterprise-create"), enterprise_data(credit_code=typed))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert enterprise.credit_code == code
    assert enterprise.bureau == staff.bureau and enterprise.recorded_by == staff
    assert enterprise.exports and enterprise.export_markets == "美国"


def test_credit_code_with_a_wrong_check_character_is_refused(staff_client):
    code = credit_code(1)
    wrong = code[:17] + ("1" if code[17] != "1" else "2")
    response = staff_client.post(reverse("enterprises:enterprise-create"), enterprise_data(credit_code=wrong))
    assert response.status_code == 400
    assert "统一社会信用代码校验位（最后一位）不正确" in errors_of(response, "credit_code")
    assert "未保存，请修改以下问题" in response.content.decode()
    assert not Enterprise.all_objects.exists()


def test_duplicate_credit_code_in_the_same_bureau_is_refused(staff_client, staff, colleague):
    existing = EnterpriseFactory(recorded_by=colleague, name="浙江瓯江阀门有限公司", credit_code=credit_code(5))
    response = staff_client.post(
        reverse("enterprises:enterprise-create"), enterprise_data(name="瓯江阀门", credit_code=credit_code(5))
    )
    assert response.status_code == 400
    assert "本单位已登记统一社会信用代码为" in errors_of(response, "credit_code")
    assert "浙江瓯江阀门有限公司" in errors_of(response, "credit_code")
    assert list(Enterprise.all_objects.all()) == [existing]


def test_editing_an_enterprise_keeps_its_own_code(staff_client, staff):
    enterprise = EnterpriseFactory(recorded_by=staff)
    data = enterprise_data(credit_code=enterprise.credit_code, opened_version=enterprise.version)
    response = staff_client.post(reverse("enterprises:enterprise-edit", args=[enterprise.pk]), data)
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == "青田县正腾金属饰品有限公司"


def test_a_bad_phone_number_is_refused(staff_client):
    response = staff_client.post(reverse("enterprises:enterprise-create"), enterprise_data(contact_phone="找王经理"))
    assert response.status_code == 400
    assert "请输入有效的电话号码" in errors_of(response, "contact_phone")
    assert not Enterprise.all_objects.exists()


# --- visits -------------------------------------------------------------------------------------


def test_a_visit_with_two_policies_is_saved(staff_client, staff, colleague, campaign):
    enterprise = EnterpriseFactory(recorded_by=staff)
    two = list(Policy.objects.filter(bureau=staff.bureau, name__in=["高新技术企业认定", "研发费用加计扣除"]))
    response = staff_client.post(
        reverse("enterprises:enterprisevisit-create"), visit_data(campaign, enterprise, [staff, colleague], two)
    )
    assert response.status_code == 302
    visit = EnterpriseVisit.objects.get()
    assert set(visit.policies.all()) == set(two)
    assert set(visit.visitors.all()) == {staff, colleague}


def test_a_visit_dated_in_the_future_is_refused(staff_client, staff, campaign):
    campaign.end = timezone.localdate() + datetime.timedelta(days=30)
    campaign.save()
    enterprise = EnterpriseFactory(recorded_by=staff)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = staff_client.post(
        reverse("enterprises:enterprisevisit-create"),
        visit_data(campaign, enterprise, [staff], [], date=tomorrow.isoformat()),
    )
    assert response.status_code == 400
    assert "走访日期不能晚于今天" in errors_of(response, "date")
    assert not EnterpriseVisit.all_objects.exists()


def test_a_visit_without_visitors_is_refused(staff_client, staff, campaign):
    enterprise = EnterpriseFactory(recorded_by=staff)
    response = staff_client.post(
        reverse("enterprises:enterprisevisit-create"), visit_data(campaign, enterprise, [], [])
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in errors_of(response, "visitors")
    assert not EnterpriseVisit.all_objects.exists()


def test_another_bureaus_enterprise_policy_or_people_cannot_be_chosen(staff_client, staff, campaign, outsider):
    theirs = EnterpriseFactory(recorded_by=outsider)
    their_policy = Policy.objects.filter(bureau=outsider.bureau).first()
    response = staff_client.post(
        reverse("enterprises:enterprisevisit-create"), visit_data(campaign, theirs, [outsider], [their_policy])
    )
    assert response.status_code == 400
    for field in ("enterprise", "visitors", "policies"):
        assert "选择一个有效的选项" in errors_of(response, field) or "不是可用的选项" in errors_of(response, field)
    assert not EnterpriseVisit.all_objects.exists()


# --- problems -----------------------------------------------------------------------------------


def _apply(client, issue, **data):
    return client.post(reverse("enterprises:enterpriseissue-step", args=[issue.pk, "apply"]), data)


def test_a_resolved_problem_without_a_resolution_is_refused(staff_client, staff, campaign):
    issue = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, status="in_progress")
    response = _apply(staff_client, issue, outcome="resolved", resolution="  ", opinion="已办结")
    assert response.status_code == 400
    assert "办理结果为“已解决”时须填写解决方式" in errors_of(response, "resolution")
    issue.refresh_from_db()
    assert issue.status == "in_progress" and issue.outcome == "" and issue.closed_on is None


def test_applying_without_an_outcome_or_a_reason_is_refused(staff_client, staff, campaign):
    issue = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, status="in_progress")
    response = _apply(staff_client, issue, outcome="")
    assert response.status_code == 400
    assert "请选择办理结果" in errors_of(response, "outcome")
    response = _apply(staff_client, issue, outcome="unresolvable", unresolved_reason="")
    assert response.status_code == 400
    assert "须说明原因" in errors_of(response, "unresolved_reason")
    response = _apply(staff_client, issue, outcome="solved")
    assert response.status_code == 400
    assert "选择一个有效的选项" in errors_of(response, "outcome")
    issue.refresh_from_db()
    assert issue.status == "in_progress" and issue.outcome == ""


def test_a_new_problem_cannot_be_recorded_as_solved(staff_client, staff, campaign):
    """The form takes no state and no outcome: a forged 已销号 / 已解决 is ignored, the problem starts 待签收."""
    enterprise = EnterpriseFactory(recorded_by=staff)
    forged = {"status": "closed", "outcome": "resolved", "resolution": "已解决", "closed_on": "2019-11-20"}
    response = staff_client.post(
        reverse("enterprises:enterpriseissue-create"), issue_data(campaign, enterprise, staff, **forged)
    )
    assert response.status_code == 302
    issue = EnterpriseIssue.objects.get()
    assert issue.status == "pending" and issue.outcome == "" and issue.resolution == ""
    assert issue.closed_on is None and not issue.is_resolved


def test_a_problem_tied_to_another_enterprises_visit_is_refused(staff_client, staff, campaign):
    visit = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign)
    other = EnterpriseFactory(recorded_by=staff)
    response = staff_client.post(
        reverse("enterprises:enterpriseissue-create"), issue_data(campaign, other, staff, visit=visit.pk)
    )
    assert response.status_code == 400
    assert "不是对该企业的走访" in errors_of(response, "visit")
    assert not EnterpriseIssue.all_objects.exists()


# --- applications -------------------------------------------------------------------------------


def test_an_application_approved_without_a_date_is_refused(staff_client, staff, campaign):
    enterprise = EnterpriseFactory(recorded_by=staff)
    response = staff_client.post(
        reverse("enterprises:application-create"),
        application_data(campaign, enterprise, staff, status="approved", decided_on=""),
    )
    assert response.status_code == 400
    assert "状态为“已认定”时须填写认定日期" in errors_of(response, "decided_on")
    assert not Application.all_objects.exists()
    assert not Qualification.objects.exists()


def test_approving_through_the_form_records_the_qualification(staff_client, staff, campaign):
    application = ApplicationFactory(recorded_by=staff, campaign=campaign)
    data = application_data(
        campaign,
        application.enterprise,
        staff,
        status="approved",
        decided_on="2019-12-05",
        certificate_no="GR201933000123",
        opened_version=application.version,
    )
    response = staff_client.post(reverse("enterprises:application-edit", args=[application.pk]), data)
    assert response.status_code == 302
    qualification = application.enterprise.qualifications.get()
    assert qualification.certificate_no == "GR201933000123"
    page = staff_client.get(application.enterprise.get_absolute_url()).content.decode()
    assert "国家高新技术企业" in page and "2022-12-04" in page


def test_a_failing_approval_leaves_no_qualification(staff_client, staff, campaign):
    application = ApplicationFactory(recorded_by=staff, campaign=campaign)
    data = application_data(
        campaign,
        application.enterprise,
        staff,
        status="approved",
        decided_on="2019-09-01",  # before the filing date
        opened_version=application.version,
    )
    response = staff_client.post(reverse("enterprises:application-edit", args=[application.pk]), data)
    assert response.status_code == 400
    assert "认定日期不能早于申报日期" in errors_of(response, "decided_on")
    application.refresh_from_db()
    assert application.status == "filed"
    assert not Qualification.objects.exists()


# --- agreements and qualifications --------------------------------------------------------------


def test_a_platform_agreement_without_a_platform_name_is_refused(staff_client, staff, campaign):
    institution = InstitutionFactory(recorded_by=staff, name="中国科学院宁波材料技术与工程研究所")
    data = {
        "campaign": campaign.pk,
        "kind": "platform",
        "title": "共建研究中心协议",
        "institution": institution.pk,
        "enterprise": "",
        "signed_on": "2019-11-26",
        "platform_name": "",
        "summary": "",
        "notes": "",
        "attachment_kind": "document",
    }
    response = staff_client.post(reverse("enterprises:cooperationagreement-create"), data)
    assert response.status_code == 400
    assert "共建创新平台须填写平台名称" in errors_of(response, "platform_name")
    assert not CooperationAgreement.all_objects.exists()


def test_a_duplicate_institution_is_refused(staff_client, staff):
    InstitutionFactory(recorded_by=staff, name="江南大学")
    data = {"name": " 江南大学 ", "kind": "university", "region": "江苏无锡", "attachment_kind": "document"}
    response = staff_client.post(reverse("enterprises:institution-create"), data)
    assert response.status_code == 400
    assert "本单位已登记“江南大学”" in errors_of(response, "name")


def test_a_qualification_dated_in_the_future_is_refused(staff_client, staff):
    enterprise = EnterpriseFactory(recorded_by=staff)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = staff_client.post(
        reverse("enterprises:enterprise-qualification-add", args=[enterprise.pk]),
        {"kind": "national_high_tech", "awarded_on": tomorrow.isoformat(), "valid_until": "", "certificate_no": ""},
    )
    assert response.status_code == 400
    assert "认定日期不能晚于今天" in response.content.decode()
    assert not Qualification.objects.exists()


def test_a_qualification_from_an_application_is_not_deleted_on_its_own(staff_client, staff, campaign):
    application = ApplicationFactory(
        recorded_by=staff, campaign=campaign, status="approved", decided_on=datetime.date(2019, 12, 5)
    )
    qualification = Qualification.objects.get()
    response = staff_client.post(reverse("enterprises:qualification-delete", args=[qualification.pk]))
    assert response.status_code == 409
    assert "请修改或删除对应的申报记录" in response.content.decode()
    assert Qualification.objects.get().application == application


def test_an_enterprise_with_records_cannot_be_deleted(staff_client, staff, campaign):
    visit = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign)
    url = reverse("enterprises:enterprise-delete", args=[visit.enterprise.pk])
    page = staff_client.get(url)
    assert "不能删除" in page.content.decode() and "走访：1" in page.content.decode()
    response = staff_client.post(url)
    assert response.status_code == 409
    assert not Enterprise.objects.get().is_deleted


def test_bad_filter_values_are_a_400(staff_client):
    response = staff_client.get(reverse("enterprises:enterpriseissue-list"), {"date_from": "昨天"})
    assert response.status_code == 400
    response = staff_client.get(reverse("enterprises:application-list"), {"year": "二〇一九"})
    assert response.status_code == 400


def test_unknown_prefill_ids_preselect_nothing(staff_client, staff, outsider):
    theirs = EnterpriseVisitFactory(recorded_by=outsider, campaign=outsider.bureau.campaigns.get())
    response = staff_client.get(reverse("enterprises:enterpriseissue-create"), {"visit": theirs.pk, "enterprise": "x"})
    assert response.status_code == 200
    assert theirs.enterprise.name not in response.content.decode()


def test_a_user_without_a_bureau_cannot_register(client, db):
    client.force_login(UserFactory(username="nobody", bureau=None))
    response = client.get(reverse("enterprises:enterprise-create"))
    assert response.status_code == 403
