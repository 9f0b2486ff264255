"""Another county's ids in URLs and in posted choices: a 404 or an invalid choice, never their data and
never a change to their records or ours."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from bureau.ledger.registry import REGISTRY
from enterprises.models import Qualification
from tests.helpers import Ledger, create_url, form_errors, text_of
from tests.world import UserFactory, valid_data

pytestmark = pytest.mark.django_db

NOT_FOUND = "页面不存在"
INVALID_CHOICE = "选择一个有效的选项"


@pytest.fixture
def foreign(other):
    """One record of every type, recorded in the other bureau through its own forms."""
    records = {}
    for slug, record_type in REGISTRY.items():
        form = record_type.form_class(data=valid_data(slug, other), user=other.user)
        assert form.is_valid(), (slug, form.errors)
        records[slug] = form.save()
    return records


def secret_of(record) -> str:
    return str(record)


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_another_bureaus_record_pages_are_a_404_without_its_data(staff_client, foreign, slug):
    record = foreign[slug]
    ledger = Ledger()
    for action in ("detail", "edit", "history", "delete"):
        response = staff_client.get(reverse(REGISTRY[slug].url_name(action), args=[record.pk]))
        assert response.status_code == 404, action
        assert NOT_FOUND in text_of(response)
        assert secret_of(record) not in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize("slug", ["study-sessions", "enterprises", "suggestions", "agreements"])
def test_posting_to_another_bureaus_record_changes_nothing(staff_client, world, foreign, slug):
    record = foreign[slug]
    record_type = REGISTRY[slug]
    ledger = Ledger()
    edit = staff_client.post(reverse(record_type.url_name("edit"), args=[record.pk]), valid_data(slug, world))
    delete = staff_client.post(reverse(record_type.url_name("delete"), args=[record.pk]))
    attach = staff_client.post(
        reverse(record_type.url_name("attach"), args=[record.pk]),
        {"files": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"), "kind": "document"},
    )
    history = record.history.first()
    revert = staff_client.post(reverse(record_type.url_name("revert"), args=[record.pk, history.history_id]))
    assert edit.status_code == delete.status_code == attach.status_code == revert.status_code == 404
    ledger.assert_unchanged()


def _choice_fields():
    for slug, record_type in REGISTRY.items():
        for name, field in record_type.form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                yield pytest.param(slug, name, id=f"{slug}.{name}")


@pytest.mark.parametrize(("slug", "field"), list(_choice_fields()))
def test_another_bureaus_id_in_a_posted_choice_is_an_invalid_choice(client, world, other, admin_user, slug, field):
    record_type = REGISTRY[slug]
    user = admin_user if record_type.admin_only else world.user
    client.force_login(user)
    if record_type.admin_only:
        world.user = admin_user
    # The other county's leader: a 分管领导 there, never a choice here.
    UserFactory(username="other-leader", bureau=other.bureau, role="leader")
    foreign_ids = list(record_type.form_class(user=other.user).fields[field].queryset.values_list("pk", flat=True))
    own_ids = set(record_type.form_class(user=user).fields[field].queryset.values_list("pk", flat=True))
    foreign_id = next(pk for pk in foreign_ids if pk not in own_ids)
    value = (
        [foreign_id]
        if isinstance(record_type.form_class.base_fields[field], forms.ModelMultipleChoiceField)
        else foreign_id
    )
    ledger = Ledger()
    response = client.post(create_url(slug), {**valid_data(slug, world), field: value})
    assert response.status_code == 400
    assert INVALID_CHOICE in " ".join(form_errors(response)[field])
    ledger.assert_unchanged()


def test_another_bureaus_attachment_is_a_404(staff_client, other, foreign):
    from django.contrib.contenttypes.models import ContentType

    record = foreign["study-sessions"]
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        file=SimpleUploadedFile("机密.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="机密.pdf",
        mime_type="application/pdf",
        size=15,
        uploaded_by=other.user,
    )
    for url in (attachment.get_absolute_url(), attachment.get_thumbnail_url()):
        response = staff_client.get(url)
        assert response.status_code == 404
        assert "机密" not in text_of(response)


@pytest.mark.parametrize("action", ["restore", "purge"])
def test_another_bureaus_recycle_bin_is_out_of_reach(client, admin_user, other, foreign, action):
    record = foreign["study-sessions"]
    record.soft_delete(other.user)
    client.force_login(admin_user)
    ledger = Ledger()
    response = client.post(f"/recycle-bin/study-sessions/{record.pk}/{action}/")
    assert response.status_code == 404
    ledger.assert_unchanged()
    assert secret_of(record) not in text_of(client.get(reverse("ledger:recycle-bin")))


def test_another_bureaus_campaign_and_department_in_reports(staff_client, world, other):
    summary = staff_client.get(reverse("reports:summary-api"), {"campaign": other.campaign.pk})
    assert summary.status_code == 404 and summary.json() == {"error": "没有这个主题教育。"}
    workbook = staff_client.get(
        reverse("reports:monthly-workbook"), {"campaign": other.campaign.pk, "month": "2019-10"}
    )
    assert workbook.status_code == 404
    department = staff_client.get(reverse("reports:summary-api"), {"department": other.department.pk})
    assert department.status_code == 400 and "科室无效" in department.json()["error"]


def test_another_bureaus_leader_cannot_close_our_month(client, world, other):
    client.force_login(other.user)
    ledger = Ledger()
    response = client.post(reverse("reports:close-month"), {"campaign": world.campaign.pk, "month": "2019-10"})
    assert response.status_code == 404
    ledger.assert_unchanged()


@pytest.mark.parametrize(
    "name",
    ["questionnaire-results", "questionnaire-export", "response-create", "question-create", "link-create"],
)
def test_another_bureaus_questionnaire_pages_are_a_404(staff_client, other, name):
    ledger = Ledger()
    url = reverse(f"surveys:{name}", args=[other.questionnaire.pk])
    assert staff_client.get(url).status_code == 404
    posted = staff_client.post(url, {"text": "注入", "kind": "short_text", "label": "注入"})
    assert posted.status_code in (404, 405)  # read-only pages may refuse the method first
    assert other.questionnaire.title not in text_of(posted)
    ledger.assert_unchanged()


def test_another_bureaus_link_qr_and_response_are_a_404(staff_client, other):
    questionnaire = other.questionnaire
    assert staff_client.get(reverse("surveys:link-qr", args=[questionnaire.pk, other.link.pk])).status_code == 404
    assert staff_client.get(reverse("surveys:link-poster", args=[questionnaire.pk, other.link.pk])).status_code == 404
    response_url = reverse("surveys:response-detail", args=[questionnaire.pk, other.response.pk])
    assert staff_client.get(response_url).status_code == 404


def test_another_bureaus_link_cannot_be_toggled_through_our_questionnaire(staff_client, world, other):
    ledger = Ledger()
    response = staff_client.post(reverse("surveys:link-toggle", args=[world.questionnaire.pk, other.link.pk]))
    assert response.status_code == 404
    ledger.assert_unchanged()


def test_another_bureaus_qualification_cannot_be_deleted(staff_client, other):
    qualification = Qualification.objects.create(
        enterprise=other.enterprise, kind="provincial_sme", awarded_on="2018-06-01"
    )
    ledger = Ledger()
    response = staff_client.post(reverse("enterprises:qualification-delete", args=[qualification.pk]))
    assert response.status_code == 404
    ledger.assert_unchanged()


@pytest.mark.parametrize(
    ("url_name", "param", "key"),
    [
        ("enterprises:enterpriseissue-create", "visit", "enterprise_visit"),
        ("enterprises:enterpriseissue-create", "enterprise", "enterprise"),
        ("enterprises:cooperationagreement-create", "institution", "institution"),
        pytest.param(
            "surveys:suggestion-create", "visit", "research_visit", id="surveys:suggestion-create-visit-visit"
        ),
        ("surveys:suggestion-create", "response", "response"),
    ],
)
def test_prefilling_a_form_with_another_bureaus_id_reveals_nothing(staff_client, other, url_name, param, key):
    target = getattr(other, key)
    response = staff_client.get(reverse(url_name), {param: target.pk})
    assert response.status_code == 200
    page = text_of(response)
    for secret in {str(target), other.enterprise.name, other.institution.name, "种植大户"}:
        assert secret not in page


def test_a_parent_bureau_leader_reads_but_cannot_change_a_county_record(client, world):
    from tests.world import BureauFactory, StudySessionFactory, UserFactory

    city = BureauFactory(name="丽水市科学技术局", level="city")
    world.bureau.parent = city
    world.bureau.save()
    city_leader = UserFactory(username="city-leader", bureau=city, role="leader")
    session = StudySessionFactory(campaign=world.campaign, recorded_by=world.user, topic="县局学习")
    client.force_login(city_leader)
    assert client.get(reverse("campaigns:studysession-detail", args=[session.pk])).status_code == 200
    ledger = Ledger()
    edit = client.post(
        reverse("campaigns:studysession-edit", args=[session.pk]),
        {**valid_data("study-sessions", world), "topic": "改"},
    )
    assert edit.status_code == 403
    assert "上级单位只能查看下级单位的记录，不能修改" in text_of(edit)
    ledger.assert_unchanged()
