import datetime

from django.urls import reverse

from tests.world import RectificationFactory, StudySessionFactory

# Who may read the change log (the admins and the auditor) is in tests/test_access_matrix.py.


def test_change_log_lists_every_type_and_filters(client, admin_user, staff, colleague, outsider, campaign):
    session = StudySessionFactory(recorded_by=staff, campaign=campaign, topic="集中学习党章")
    session.topic = "集中学习党章（修订）"
    session._history_user = staff
    session.save()
    RectificationFactory(recorded_by=colleague, campaign=campaign, problem="调研不够深入")
    StudySessionFactory(recorded_by=outsider, campaign=outsider.bureau.campaigns.get(), topic="别的县的学习")
    client.force_login(admin_user)
    body = client.get(reverse("ledger:change-log")).content.decode()
    assert "集中学习党章" in body and "调研不够深入" in body and "修改" in body
    assert "别的县的学习" not in body
    only = client.get(reverse("ledger:change-log"), {"kind": "rectifications"}).context["changes"]
    assert {c.record_type.slug for c in only} == {"rectifications"}
    today = datetime.date.today()
    future = client.get(reverse("ledger:change-log"), {"date_from": (today + datetime.timedelta(days=2)).isoformat()})
    assert future.context["changes"] == []
    bad = client.get(reverse("ledger:change-log"), {"date_from": "not-a-date"})
    assert bad.status_code == 400


def test_history_of_a_record_in_the_bin_stays_readable(client, staff, campaign):
    session = StudySessionFactory(recorded_by=staff, campaign=campaign)
    session.soft_delete(staff)
    client.force_login(staff)
    response = client.get(reverse("campaigns:studysession-history", args=[session.pk]))
    assert response.status_code == 200
    assert "删除（移入回收站）" in response.content.decode()
