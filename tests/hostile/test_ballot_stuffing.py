"""Ballot stuffing on the public questionnaire. Answering once was a cookie only: with fresh cookies one
address sent 60 answers an hour. Now a link may require one-time codes (printed on the answer slips
handed out at a service event), and responses arriving in a burst are flagged on the results page,
where staff discard them: kept, recorded in the response's history, counted by no figure."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from surveys.models import AnswerCode, Response
from surveys.services import AnswerCodeUsed, generate_answer_codes, submit_response
from tests.helpers import Ledger, text_of
from tests.world import answer_data

pytestmark = pytest.mark.django_db

IN_OCTOBER = timezone.make_aware(datetime.datetime(2019, 10, 20, 10))


@pytest.fixture
def codes(world):
    return generate_answer_codes(world.link, 3)


def stuff(url, data, n, addr="10.8.8.8"):
    """n answers from one address, each with fresh cookies (as a script sends them)."""
    return [Client().post(url, data, REMOTE_ADDR=addr).status_code for _ in range(n)]


def summary_value(client, campaign, key="research.questionnaires"):
    data = client.get(reverse("reports:summary-api"), {"campaign": campaign.pk}).json()
    return next(item["value"] for item in data["indicators"] if item["key"] == key)


# --- one-time codes -------------------------------------------------------------------------------


def test_staff_generate_codes_for_a_link_and_print_them(staff_client, world):
    page = reverse("surveys:link-codes", args=[world.questionnaire.pk, world.link.pk])
    response = staff_client.post(page, {"count": "30"})
    assert response.status_code == 302
    world.link.refresh_from_db()
    assert world.link.requires_code
    codes = list(world.link.codes.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 30
    assert "已生成 30 个编码，其中已使用 0 个" in text_of(staff_client.get(page))
    slips = text_of(staff_client.get(reverse("surveys:link-codes-print", args=[world.questionnaire.pk, world.link.pk])))
    assert all(str(code) in slips for code in world.link.codes.all())
    assert "每个编码只能提交一次" in slips


@pytest.mark.parametrize("count", ["0", "501", "-3", "十", ""])
def test_a_bad_number_of_codes_is_refused(staff_client, world, count):
    ledger = Ledger()
    response = staff_client.post(
        reverse("surveys:link-codes", args=[world.questionnaire.pk, world.link.pk]), {"count": count}
    )
    assert response.status_code == 400
    assert "生成数量" in text_of(response)
    ledger.assert_unchanged()


def test_a_link_with_codes_refuses_an_answer_without_one(url, questionnaire, codes):
    ledger = Ledger()
    response = Client().post(url, answer_data(questionnaire))
    assert response.status_code == 400
    assert "请填写答卷纸条上的编码" in text_of(response)
    ledger.assert_unchanged()


def test_a_wrong_code_is_refused(url, questionnaire, codes):
    ledger = Ledger()
    response = Client().post(url, {**answer_data(questionnaire), "answer_code": "ZZZZZZZZ"})
    assert response.status_code == 400
    assert "编码不正确" in text_of(response)
    ledger.assert_unchanged()


def test_a_code_answers_once_whatever_the_cookies(url, questionnaire, codes):
    code = codes[0].code
    typed = f" {code[:4].lower()}-{code[4:]} "  # as typed on a phone: lower case, a dash, spaces
    ledger = Ledger()
    assert Client().post(url, {**answer_data(questionnaire), "answer_code": typed}).status_code == 302
    ledger.assert_created(Response, also=["surveys.Answer", "surveys.AnswerCode"])
    used = AnswerCode.objects.get(pk=codes[0].pk)
    assert used.response is not None and used.used_at is not None
    again = Client().post(url, {**answer_data(questionnaire), "answer_code": code})
    assert again.status_code == 400
    assert "这个编码已经提交过答卷" in text_of(again)
    assert AnswerCode.objects.filter(response__isnull=False).count() == 1


def test_two_phones_sending_one_code_at_once_save_one_answer(world, codes):
    """The second request checked the code while it was still unused: the conditional update refuses it."""
    questionnaire = world.questionnaire
    first = submit_response(questionnaire, [], channel="online", link=world.link, answer_code=codes[0])
    ledger = Ledger()
    with pytest.raises(AnswerCodeUsed):
        submit_response(questionnaire, [], channel="online", link=world.link, answer_code=codes[0])
    ledger.assert_unchanged()
    assert AnswerCode.objects.get(pk=codes[0].pk).response == first


def test_the_race_answers_409_in_the_page(url, questionnaire, codes, monkeypatch):
    from surveys import forms

    # The code is used by another phone between the form's check and the save.
    original = forms.AnswerForm.clean_answer_code

    def checked_then_used(self):
        code = original(self)
        AnswerCode.objects.filter(pk=code.pk).update(used_at=timezone.now(), response=Response.objects.first())
        return code

    monkeypatch.setattr(forms.AnswerForm, "clean_answer_code", checked_then_used)
    ledger = Ledger()
    response = Client().post(url, {**answer_data(questionnaire), "answer_code": codes[0].code})
    assert response.status_code == 409
    assert "这个编码刚刚已提交过答卷" in text_of(response)
    ledger.assert_unchanged(ignore=["surveys.AnswerCode"])


def test_with_codes_a_shared_venue_address_is_not_capped(url, questionnaire, world, settings):
    """The code is the limit: respondents sharing the venue's Wi-Fi are not refused by the address cap."""
    settings.SURVEY_RESPONSES_PER_CLIENT_PER_HOUR = 2
    codes = generate_answer_codes(world.link, 4)
    statuses = [
        Client().post(url, {**answer_data(questionnaire), "answer_code": code.code}, REMOTE_ADDR="10.8.8.8").status_code
        for code in codes
    ]
    assert statuses == [302] * 4


# --- bursts, flagged and discarded ------------------------------------------------------------------


def test_responses_arriving_in_a_burst_are_flagged_on_the_results_page(staff_client, url, questionnaire, settings):
    settings.SURVEY_BURST_RESPONSES = 5
    assert stuff(url, answer_data(questionnaire), 6) == [302] * 6
    assert stuff(url, answer_data(questionnaire), 1, addr="10.9.9.9") == [302]
    flagged = Response.objects.filter(burst=True)
    assert flagged.count() == 6
    assert not Response.objects.filter(burst=True, client_key=Response.objects.latest("pk").client_key).exists()
    page = text_of(staff_client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk])))
    assert "疑似集中提交的答卷" in page
    assert "共 6 份，仍计入统计" in page


def test_a_few_answers_from_one_address_are_not_flagged(url, questionnaire, settings):
    settings.SURVEY_BURST_RESPONSES = 5
    stuff(url, answer_data(questionnaire), 4)
    assert not Response.objects.filter(burst=True).exists()


def test_answers_spread_over_time_are_not_flagged(url, questionnaire, settings):
    settings.SURVEY_BURST_RESPONSES = 3
    settings.SURVEY_BURST_SECONDS = 60
    stuff(url, answer_data(questionnaire), 2)
    Response.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    stuff(url, answer_data(questionnaire), 2)
    assert not Response.objects.filter(burst=True).exists()


def test_discarded_responses_count_in_no_figure_and_are_kept(staff_client, url, questionnaire, world, settings):
    settings.SURVEY_BURST_RESPONSES = 5
    results_url = reverse("surveys:questionnaire-results", args=[questionnaire.pk])
    stuff(url, answer_data(questionnaire), 8)
    # Inside the campaign's months, so the dashboard counts them (the world's own response as well).
    Response.objects.update(submitted_at=IN_OCTOBER)
    before = 1
    assert summary_value(staff_client, world.campaign) == before + 8
    response = staff_client.post(
        reverse("surveys:responses-discard-bursts", args=[questionnaire.pk]), {"reason": "同一地址刷票"}
    )
    assert response.status_code == 302
    # Kept: the rows are there, each with a history entry saying who discarded it and why.
    assert Response.objects.filter(discarded_at__isnull=False).count() == 8
    entry = Response.objects.filter(burst=True).first().history.first()
    assert entry.history_change_reason == "剔除：同一地址刷票" and entry.history_user == world.user
    # Counted nowhere: the dashboard's indicator, the results page, the export, the questionnaire's page.
    assert summary_value(staff_client, world.campaign) == before
    page = text_of(staff_client.get(results_url))
    assert f"共回收答卷 {before} 份" in page and "已剔除 8 份（不计入统计）" in page
    export = staff_client.get(reverse("surveys:questionnaire-export", args=[questionnaire.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
    assert sheet.max_row == 1 + before
    assert f"已回收答卷 {before} 份" in text_of(staff_client.get(questionnaire.get_absolute_url()))


def test_a_discarded_response_can_be_restored(staff_client, world):
    response = world.response
    args = [world.questionnaire.pk, response.pk]
    staff_client.post(reverse("surveys:response-discard", args=args), {"reason": "测试数据"})
    response.refresh_from_db()
    assert response.is_discarded
    assert "此答卷已于" in text_of(staff_client.get(reverse("surveys:response-detail", args=args)))
    staff_client.post(reverse("surveys:response-restore", args=args))
    response.refresh_from_db()
    assert not response.is_discarded
    assert [h.history_change_reason for h in response.history.all()][:2] == ["恢复计入统计", "剔除：测试数据"]


@pytest.mark.parametrize("reason", ["", " ", "x"])
def test_discarding_needs_a_reason(staff_client, world, reason):
    ledger = Ledger()
    response = staff_client.post(
        reverse("surveys:response-discard", args=[world.questionnaire.pk, world.response.pk]), {"reason": reason}
    )
    assert response.status_code == 400
    assert "剔除原因" in text_of(response)
    ledger.assert_unchanged()


def test_a_colleague_cannot_discard_the_owners_responses(client, colleague, world):
    client.force_login(colleague)
    ledger = Ledger()
    response = client.post(
        reverse("surveys:response-discard", args=[world.questionnaire.pk, world.response.pk]), {"reason": "刷票"}
    )
    assert response.status_code == 403
    ledger.assert_unchanged()


def test_a_response_of_a_closed_month_cannot_be_discarded(staff_client, leader, world):
    Response.objects.filter(pk=world.response.pk).update(submitted_at=IN_OCTOBER)
    boss = Client()
    boss.force_login(leader)
    closing = boss.post(reverse("reports:close-month"), {"campaign": world.campaign.pk, "month": "2019-10"})
    assert closing.status_code == 302
    ledger = Ledger()
    response = staff_client.post(
        reverse("surveys:response-discard", args=[world.questionnaire.pk, world.response.pk]), {"reason": "刷票"}
    )
    assert response.status_code == 403
    assert "2019-10 的月报已报送" in text_of(response)
    ledger.assert_unchanged()
