"""Hostile URLs and query strings: huge, negative, non-ASCII and NUL ids, bad pages and filters, unknown
kinds. Always a 4xx page in Chinese, never a 500, and nothing changes."""

import pytest
from django.urls import reverse

from bureau.ledger.registry import REGISTRY
from tests.helpers import Ledger, text_of
from tests.world import StudySessionFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
NOT_FOUND = "页面不存在"


@pytest.fixture
def session(world):
    return StudySessionFactory(campaign=world.campaign, recorded_by=world.user, department=world.department)


@pytest.mark.parametrize(
    "path",
    [
        f"/study-sessions/{HUGE}/",
        f"/study-sessions/{HUGE}/edit/",
        f"/study-sessions/{HUGE}/history/",
        f"/questionnaires/{HUGE}/results/",
        f"/questionnaires/{HUGE}/export.xlsx",
        f"/attachments/{HUGE}/",
        "/study-sessions/-1/",
        "/study-sessions/0/",
        "/study-sessions/١/",  # an Arabic-Indic one
        "/study-sessions/１/",  # a full-width one
        "/study-sessions/1.0/",
        "/study-sessions/%00/",
        "/study-sessions/1%00/",
        "/reports/indicators/%00/",
        "/reports/indicators/study.central_group%2F..%2F/",
        "/recycle-bin/../../etc/passwd",
        "/imports/%2e%2e/template.xlsx",
    ],
)
def test_bad_ids_in_the_path_are_a_chinese_404(staff_client, world, path):
    ledger = Ledger()
    response = staff_client.get(path)
    assert response.status_code == 404
    assert NOT_FOUND in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize("action", ["delete", "attachments", "history/1/revert"])
def test_posting_to_a_huge_id_is_a_404(staff_client, world, action):
    ledger = Ledger()
    response = staff_client.post(f"/study-sessions/{HUGE}/{action}/")
    assert response.status_code == 404
    assert NOT_FOUND in text_of(response)
    ledger.assert_unchanged()


def test_reverting_to_a_version_of_another_record_is_a_404(staff_client, world, session):
    other_session = StudySessionFactory(campaign=world.campaign, recorded_by=world.user)
    foreign_version = other_session.history.get()
    ledger = Ledger()
    response = staff_client.post(
        reverse("campaigns:studysession-revert", args=[session.pk, foreign_version.history_id])
    )
    assert response.status_code == 404
    assert "没有这个历史版本" in text_of(response) or NOT_FOUND in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize("page", ["abc", "0", "-1", HUGE, "1e3", "²", "last"])
def test_a_page_number_that_does_not_exist_is_a_404_or_the_last_page(staff_client, world, session, page, untouched):
    response = staff_client.get(reverse("campaigns:studysession-list"), {"page": page})
    # Django reads "last" as the last page; anything else that is no page number is a 404.
    assert response.status_code == (200 if page == "last" else 404)
    if response.status_code == 404:
        assert NOT_FOUND in text_of(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"department": "abc"}, "选择一个有效的选项"),
        ({"department": HUGE}, "选择一个有效的选项"),
        ({"kind": "party"}, "选择一个有效的选项"),
        ({"date_from": "昨天"}, "输入一个有效的日期"),
    ],
)
def test_bad_list_filters_are_a_400_with_the_reason(staff_client, world, params, message, untouched):
    response = staff_client.get(reverse("campaigns:studysession-list"), params)
    assert response.status_code == 400
    assert message in text_of(response)


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_a_very_long_search_is_answered(staff_client, world, slug, untouched):
    response = staff_client.get(reverse(REGISTRY[slug].url_name("list")), {"q": "杨梅" * 3000})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"campaign": "abc"}, 400, "主题教育编号无效"),
        ({"campaign": "²"}, 400, "主题教育编号无效"),
        ({"campaign": "-1"}, 400, "主题教育编号无效"),
        ({"campaign": HUGE}, 404, "没有这个主题教育"),
        ({"department": "²"}, 400, "科室无效"),
        ({"department": HUGE}, 400, "科室无效"),
        ({"month": "2019-10\x00"}, 400, "月份格式应为 YYYY-MM"),
    ],
)
def test_bad_report_parameters_are_refused_with_the_reason(staff_client, world, params, status, message, untouched):
    summary = staff_client.get(reverse("reports:summary-api"), params)
    dashboard = staff_client.get(reverse("reports:dashboard"), params)
    assert summary.status_code == dashboard.status_code == status
    assert message in summary.json()["error"]
    assert message in text_of(dashboard) or NOT_FOUND in text_of(dashboard)


def test_an_unknown_indicator_or_period_is_refused(staff_client, world, untouched):
    assert staff_client.get(reverse("reports:drilldown", args=["study.nothing"])).status_code == 404
    response = staff_client.get(reverse("reports:drilldown", args=["study.central_group"]), {"period": "forever"})
    assert response.status_code == 400
    assert "period 只能是 value 或 cumulative" in text_of(response)


@pytest.mark.parametrize("name", ["enterprise", "visit", "institution"])
@pytest.mark.parametrize("value", ["²", "١", HUGE, "-1", "abc"])
def test_prefill_parameters_that_are_no_ids_preselect_nothing(staff_client, world, name, value, untouched):
    response = staff_client.get(reverse("enterprises:enterpriseissue-create"), {name: value})
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["response", "visit"])
@pytest.mark.parametrize(
    "value",
    [
        "²",
        HUGE,
        "-1",
        "abc",
    ],
)
def test_suggestion_prefill_parameters_that_are_no_ids_preselect_nothing(staff_client, world, name, value, untouched):
    response = staff_client.get(reverse("surveys:suggestion-create"), {name: value})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "A" * 43,
        "A" * 500,
        "%3Cscript%3Ealert(1)%3C%5Cscript%3E",
        "%E2%80%AEabc",
        "abc%00",
    ],
)
def test_an_unknown_public_token_is_a_chinese_404(client, world, token):
    ledger = Ledger()
    response = client.get(f"/q/{token}/")
    assert response.status_code == 404
    assert "问卷链接无效" in text_of(response)
    ledger.assert_unchanged()


def test_the_recycle_bin_refuses_unknown_kinds_and_get_requests(client, admin_user, world, session):
    client.force_login(admin_user)
    session.soft_delete(world.user)
    ledger = Ledger()
    assert client.post("/recycle-bin/parties/1/restore/").status_code == 404
    assert client.post(f"/recycle-bin/study-sessions/{HUGE}/restore/").status_code == 404
    assert client.get(f"/recycle-bin/study-sessions/{session.pk}/restore/").status_code == 405
    ledger.assert_unchanged()


def test_questionnaire_pages_refuse_bad_parameters(staff_client, world):
    questionnaire = world.questionnaire
    question = questionnaire.questions.first()
    results = staff_client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk]), {"group": "x\x00"})
    assert results.status_code == 400
    assert "没有这个填写对象分组" in text_of(results)
    ledger = Ledger()
    move = staff_client.post(
        reverse("surveys:question-move", args=[questionnaire.pk, question.pk]), {"direction": "sideways"}
    )
    assert move.status_code == 400
    assert "请选择上移或下移" in text_of(move)
    ledger.assert_unchanged()


def test_anonymous_visitors_are_sent_to_login_from_every_list(client, world, untouched):
    for record_type in REGISTRY.values():
        response = client.get(reverse(record_type.url_name("list")), {"q": "\x00"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("method", ["head", "options"])
def test_unusual_methods_are_not_a_500(staff_client, world, session, method, untouched):
    response = getattr(staff_client, method)(reverse("campaigns:studysession-detail", args=[session.pk]))
    assert response.status_code in (200, 405)
