"""Text as people really type it, and as attackers do: too long, control characters, bidi overrides,
emoji in Chinese. Emoji come back unchanged everywhere; NUL is refused (PostgreSQL cannot store it)."""

import pytest
from django.urls import reverse

from bureau.ledger.registry import REGISTRY
from campaigns.models import StudySession
from enterprises.models import Enterprise
from surveys.models import ResearchSubject, ResearchVisit
from tests.helpers import Ledger, create_url, created_models, form_errors, text_of, workbook_of
from tests.world import valid_data

from .strategies import EMOJI_CHINESE, ESC_TEXT, NUL_TEXT, RTL_TEXT

pytestmark = pytest.mark.django_db
NUL_MESSAGE = "不允许是用空字符串"  # Django's own Chinese for "Null characters are not allowed."


@pytest.mark.parametrize(
    ("slug", "field", "limit"),
    [
        ("study-sessions", "topic", 200),
        ("study-sessions", "host", 50),
        ("enterprises", "name", 200),
        ("enterprises", "credit_code", 30),
        ("research-visits", "subject_name", 100),
        ("institutions", "name", 200),
        ("suggestions", "raised_by", 100),
    ],
)
def test_over_long_text_is_refused_with_the_limit(staff_client, world, slug, field, limit):
    ledger = Ledger()
    response = staff_client.post(create_url(slug), {**valid_data(slug, world), field: "长" * (limit + 1)})
    assert response.status_code == 400
    assert f"不超过 {limit} " in form_errors(response)[field][0]
    assert f"不超过 {limit} " in text_of(response)
    ledger.assert_unchanged()


def test_a_very_long_but_allowed_minutes_text_is_kept_whole(staff_client, world):
    minutes = ("会议传达学习了习近平总书记重要讲话精神。🎯" * 20000)[:300000]
    ledger = Ledger()
    response = staff_client.post(
        create_url("study-sessions"), {**valid_data("study-sessions", world), "minutes": minutes}
    )
    assert response.status_code == 302
    ledger.assert_created(StudySession)
    assert StudySession.objects.get().minutes == minutes.strip()


def test_a_body_over_the_upload_limit_is_a_400_not_a_500(staff_client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    ledger = Ledger()
    data = {**valid_data("study-sessions", world), "minutes": "长" * 60_000}
    response = staff_client.post(create_url("study-sessions"), data)
    assert response.status_code == 400
    assert "请求有误" in text_of(response)
    ledger.assert_unchanged()


def test_too_many_fields_is_a_400_not_a_500(staff_client, world):
    data = {**valid_data("study-sessions", world), **{f"extra{i}": "x" for i in range(1200)}}
    ledger = Ledger()
    response = staff_client.post(create_url("study-sessions"), data)
    assert response.status_code == 400
    assert "请求有误" in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize(
    ("slug", "field"),
    [
        ("study-sessions", "topic"),
        ("study-sessions", "minutes"),
        ("study-sessions", "notes"),
        ("rectifications", "problem"),
        ("research-visits", "subject_name"),
        ("suggestions", "content"),
        ("enterprises", "name"),
        ("enterprises", "credit_code"),
        ("enterprise-issues", "description"),
        ("agreements", "title"),
    ],
)
def test_nul_in_text_is_refused_never_a_500(staff_client, world, slug, field):
    ledger = Ledger()
    response = staff_client.post(create_url(slug), {**valid_data(slug, world), field: NUL_TEXT})
    assert response.status_code == 400
    assert NUL_MESSAGE in form_errors(response)[field][0]
    ledger.assert_unchanged()


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_nul_in_a_list_search_is_refused_never_a_500(staff_client, world, slug):
    ledger = Ledger()
    response = staff_client.get(reverse(REGISTRY[slug].url_name("list")), {"q": "杨梅\x00"})
    assert response.status_code == 400
    assert NUL_MESSAGE in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize(
    "text", [ESC_TEXT, RTL_TEXT, "学习\u200b党章\ufeff", "学习党章\x08\x7f"], ids=["esc", "rtl", "zwsp", "bs-del"]
)
def test_other_control_characters_are_kept_as_typed_and_shown_escaped(staff_client, world, text):
    ledger = Ledger()
    response = staff_client.post(create_url("study-sessions"), {**valid_data("study-sessions", world), "topic": text})
    assert response.status_code == 302
    ledger.assert_created(StudySession)
    assert StudySession.objects.get().topic == text
    assert staff_client.get(response["Location"]).status_code == 200
    assert staff_client.get(reverse("campaigns:studysession-list"), {"q": text}).status_code == 200


@pytest.mark.parametrize(
    ("slug", "field"),
    [
        ("study-sessions", "topic"),
        ("study-sessions", "minutes"),
        ("rectifications", "problem"),
        ("suggestions", "content"),
        ("research-reports", "title"),
        ("enterprise-issues", "description"),
        ("institutions", "name"),
        ("agreements", "title"),
    ],
)
def test_emoji_in_chinese_text_round_trip_unchanged(staff_client, world, slug, field):
    record_type = REGISTRY[slug]
    ledger = Ledger()
    response = staff_client.post(create_url(slug), {**valid_data(slug, world), field: EMOJI_CHINESE})
    assert response.status_code == 302, form_errors(response)
    ledger.assert_created(*created_models(record_type))
    record = record_type.model.objects.get(**{field: EMOJI_CHINESE})
    assert getattr(record, field) == EMOJI_CHINESE
    assert EMOJI_CHINESE in text_of(staff_client.get(record.get_absolute_url()))
    search = staff_client.get(reverse(record_type.url_name("list")), {"q": "🌾杨梅"})
    assert search.status_code == 200


def test_emoji_in_a_subject_name_registers_one_subject(staff_client, world):
    data = {**valid_data("research-visits", world), "subject_name": "🍓船寮镇杨梅合作社"}
    ledger = Ledger()
    assert staff_client.post(create_url("research-visits"), data).status_code == 302
    assert (
        staff_client.post(create_url("research-visits"), {**data, "subject_name": " 🍓船寮镇杨梅合作社 "}).status_code
        == 302
    )
    ledger.assert_created(ResearchVisit, count=2, also=["surveys.ResearchSubject", "surveys.HistoricalResearchSubject"])
    assert ResearchSubject.objects.filter(name="🍓船寮镇杨梅合作社").count() == 1


def test_emoji_survive_the_monthly_workbook_and_the_json_summary(staff_client, world):
    response = staff_client.post(
        create_url("study-sessions"), {**valid_data("study-sessions", world), "topic": EMOJI_CHINESE}
    )
    assert response.status_code == 302
    workbook = workbook_of(
        staff_client.get(reverse("reports:monthly-workbook"), {"campaign": world.campaign.pk, "month": "2019-10"})
    )
    values = [c for row in workbook["学习活动"].iter_rows(values_only=True) for c in row]
    assert EMOJI_CHINESE in values
    assert staff_client.get(reverse("reports:summary-api")).status_code == 200


def test_enterprise_name_with_emoji_and_full_width_spaces_is_kept(staff_client, world):
    name = "青田县🌟阀门\u3000制造有限公司"
    ledger = Ledger()
    response = staff_client.post(create_url("enterprises"), {**valid_data("enterprises", world), "name": name})
    assert response.status_code == 302
    ledger.assert_created(Enterprise)
    assert Enterprise.objects.filter(name=name).exists()


def test_invalid_utf8_in_a_post_body_is_not_a_500(staff_client, world):
    ledger = Ledger()
    body = f"campaign={world.campaign.pk}&kind=collective&date=2019-10-15&attendance=3&topic=%FF%FE%C3%28".encode()
    response = staff_client.generic("POST", create_url("study-sessions"), body, "application/x-www-form-urlencoded")
    # Django decodes what is not UTF-8 as replacement characters: saved as typed, readable, no crash.
    assert response.status_code == 302
    ledger.assert_created(StudySession)
    assert "\ufffd" in StudySession.objects.get().topic
