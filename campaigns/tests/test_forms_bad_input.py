"""Bad input on the study-session and rectification forms: a clear Chinese message, a 400, nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from bureau.ledger.lifecycle import WorkEvent
from campaigns.models import Rectification, StudySession
from tests.helpers import png_bytes
from tests.world import CampaignFactory, RectificationFactory, StudySessionFactory, session_data


def post_session(client, data, files=None):
    return client.post(reverse("campaigns:studysession-create"), {**data, **(files or {})})


def test_valid_session_with_photo_is_saved(staff_client, campaign, staff):
    photo = SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png")
    response = post_session(staff_client, session_data(campaign), {"attachment_files": photo})
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert session.recorded_by == staff and session.bureau == staff.bureau
    assert session.department == staff.department
    attachment = session.attachments.get()
    assert attachment.mime_type == "image/png" and attachment.original_name == "现场照片.png"
    assert attachment.thumbnail


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2021-03-01"}, "date", "日期须在主题教育期间"),
        ({"attendance": "-3"}, "attendance", "大于或等于0"),
        ({"topic": ""}, "topic", "这个字段是必填项"),
        ({"topic": "   "}, "topic", "这个字段是必填项"),
        ({"kind": "party"}, "kind", "选择一个有效的选项"),
        ({"date": "2019-13-45"}, "date", "输入一个有效的日期"),
        ({"attendance": "abc"}, "attendance", "输入整数"),
        ({"topic": "长" * 201}, "topic", "不超过 200 字符"),
    ],
)
def test_bad_session_input_is_refused(staff_client, campaign, overrides, field, message):
    response = post_session(staff_client, session_data(campaign, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not StudySession.all_objects.exists()


def test_campaign_of_another_bureau_cannot_be_forged(staff_client, campaign):
    foreign = CampaignFactory(bureau__name="别的县科学技术局")
    response = post_session(staff_client, session_data(campaign, campaign=foreign.pk))
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not StudySession.all_objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "mime", "message"),  # content: built when the case runs (20 MB)
    [
        pytest.param(
            "大照片.png", lambda: png_bytes() + b"\0" * (20 * 1024 * 1024), "image/png", "超过 10 MB", id="oversized"
        ),
        pytest.param(
            "photo.jpg", lambda: b"MZ\x90\x00" + b"\x00" * 2000, "image/jpeg", "不是允许的类型", id="exe-named-jpg"
        ),
        pytest.param("报告.pdf", lambda: b"\x7fELF" + b"\x00" * 500, "application/pdf", "", id="elf-named-pdf"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_saved(staff_client, campaign, name, content, mime, message):
    fake = SimpleUploadedFile(name, content(), content_type=mime)
    response = post_session(staff_client, session_data(campaign), {"attachment_files": fake})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StudySession.all_objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("url_name", ["detail", "edit", "delete"])
def test_unknown_id_is_404_in_chinese(staff_client, url_name):
    response = staff_client.get(reverse(f"campaigns:studysession-{url_name}", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_non_numeric_id_is_404(staff_client):
    assert staff_client.get("/study-sessions/abc/").status_code == 404


def test_forged_post_for_colleagues_record_is_refused(client, staff, colleague, campaign):
    theirs = StudySessionFactory(recorded_by=colleague, campaign=campaign, topic="同事的记录")
    client.force_login(staff)
    response = client.post(
        reverse("campaigns:studysession-edit", args=[theirs.pk]), session_data(campaign, topic="被我改了")
    )
    assert response.status_code == 403
    assert "只能修改或删除自己录入的记录" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.topic == "同事的记录"


def test_edit_from_a_stale_page_is_refused_and_keeps_typing(client, staff, campaign):
    session = StudySessionFactory(recorded_by=staff, campaign=campaign, topic="原主题")
    client.force_login(staff)
    opened = session.version
    session.topic = "别人刚改的主题"
    session.save()
    response = client.post(
        reverse("campaigns:studysession-edit", args=[session.pk]),
        session_data(campaign, topic="我输入的主题", opened_version=opened),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "已被他人修改" in body and "我输入的主题" in body
    assert [(c.label, c.old, c.new) for c in response.context["form"].stale_changes] == [
        ("学习主题", "原主题", "别人刚改的主题")
    ]
    session.refresh_from_db()
    assert session.topic == "别人刚改的主题"


def _rectification_data(campaign, staff, **extra):
    return {
        "campaign": campaign.pk,
        "source": "leadership",
        "date": "2019-10-20",
        "problem": "学习不够深入",
        "owner": staff.pk,
        "deadline": "2019-12-01",
        "attachment_kind": "photo",
        **extra,
    }


def test_applying_for_close_off_without_the_result_is_refused(client, staff, campaign):
    item = RectificationFactory(recorded_by=staff, campaign=campaign, status="in_progress")
    client.force_login(staff)
    url = reverse("campaigns:rectification-step", args=[item.pk, "apply"])
    response = client.post(url, {"result": "   ", "opinion": "已整改完毕"})
    assert response.status_code == 400
    assert "申请销号时须填写整改成效" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "in_progress" and item.result == ""
    assert not WorkEvent.objects.of(item).filter(step="apply").exists()


def test_a_deadline_before_the_finding_is_refused(client, staff, campaign):
    client.force_login(staff)
    response = client.post(
        reverse("campaigns:rectification-create"), _rectification_data(campaign, staff, deadline="2019-10-01")
    )
    assert response.status_code == 400
    assert "整改时限不能早于查摆日期" in response.content.decode()
    assert not Rectification.all_objects.exists()


def test_staff_cannot_close_off_through_the_form(client, staff, campaign):
    """The form has no state: a forged status or close-off date is ignored, the item starts 待签收."""
    client.force_login(staff)
    forged = {"status": "closed", "closed_on": "2019-11-01", "closed_by": staff.pk}
    response = client.post(reverse("campaigns:rectification-create"), _rectification_data(campaign, staff, **forged))
    assert response.status_code == 302
    item = Rectification.objects.get()
    assert item.status == "pending" and item.closed_on is None and item.closed_by is None
    edit = client.get(reverse("campaigns:rectification-edit", args=[item.pk]))
    response = client.post(
        reverse("campaigns:rectification-edit", args=[item.pk]),
        _rectification_data(campaign, staff, problem="学习还不够深入", opened_version=item.version, **forged),
    )
    assert edit.status_code == 200 and response.status_code == 302
    item.refresh_from_db()
    assert item.problem == "学习还不够深入"
    assert item.status == "pending" and item.closed_on is None and item.closed_by is None
