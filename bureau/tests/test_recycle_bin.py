"""Deleting is recoverable: the bin, restore by owner or admin, purge only by an admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from bureau.ledger.registry import REGISTRY
from bureau.ledger.uploads import store_attachment
from campaigns.models import StudySession
from tests.helpers import png_bytes
from tests.world import RectificationFactory, StudySessionFactory

ROLES = ["anonymous", "staff", "colleague", "leader", "admin", "outsider"]


@pytest.fixture
def deleted_session(staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get(), topic="误删的学习记录")
    upload = SimpleUploadedFile("照片.png", png_bytes(), content_type="image/png")
    store_attachment(session, upload, "image/png", staff, "photo")
    session.soft_delete(staff)
    return session


BIN = {"anonymous": 302, "staff": 200, "colleague": 200, "leader": 200, "admin": 200, "outsider": 200}
SEES = {"staff": True, "colleague": False, "leader": False, "admin": True, "outsider": False}
RESTORE = {"anonymous": 302, "staff": 302, "colleague": 403, "leader": 403, "admin": 302, "outsider": 404}
PURGE_GET = {"anonymous": 302, "staff": 403, "colleague": 403, "leader": 403, "admin": 200, "outsider": 404}


@pytest.mark.parametrize("role", ROLES)
def test_bin_by_role(client, people, deleted_session, role):
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(reverse("ledger:recycle-bin"))
    assert response.status_code == BIN[role]
    if role != "anonymous":
        assert ("误删的学习记录" in response.content.decode()) == SEES[role]
    purge_url = reverse("ledger:recycle-bin-purge", args=["study-sessions", deleted_session.pk])
    assert client.get(purge_url).status_code == PURGE_GET[role]
    restore_url = reverse("ledger:recycle-bin-restore", args=["study-sessions", deleted_session.pk])
    assert client.post(restore_url).status_code == RESTORE[role]
    restored = StudySession.objects.filter(pk=deleted_session.pk).exists()
    assert restored == (role in ("staff", "admin"))


def test_restore_brings_back_attachments(client, staff, deleted_session):
    client.force_login(staff)
    response = client.post(
        reverse("ledger:recycle-bin-restore", args=["study-sessions", deleted_session.pk]), follow=True
    )
    assert "已恢复" in response.content.decode()
    assert [a.original_name for a in response.context["attachments"]] == ["照片.png"]


def test_admin_purges_for_good(client, admin_user, deleted_session):
    client.force_login(admin_user)
    url = reverse("ledger:recycle-bin-purge", args=["study-sessions", deleted_session.pk])
    assert "不可撤销" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not StudySession.all_objects.filter(pk=deleted_session.pk).exists()
    assert not Attachment.objects.exists()
    assert deleted_session.history.filter(history_type="-").exists()


def test_unknown_kind_or_live_record_is_404(client, staff):
    live = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    client.force_login(staff)
    assert client.post(reverse("ledger:recycle-bin-restore", args=["no-such-kind", 1])).status_code == 404
    assert client.post(reverse("ledger:recycle-bin-restore", args=["study-sessions", live.pk])).status_code == 404


def test_bin_query_count_does_not_grow(client, admin_user, staff, django_assert_num_queries):
    campaign = staff.bureau.campaigns.get()
    client.force_login(admin_user)
    url = reverse("ledger:recycle-bin")
    RectificationFactory(recorded_by=staff, campaign=campaign).soft_delete(staff)
    client.get(url)
    # session, user, savepoints and session refresh (7), then one query per registered record type
    with django_assert_num_queries(7 + len(REGISTRY)) as first:
        client.get(url)
    for item in RectificationFactory.create_batch(10, recorded_by=staff, campaign=campaign):
        item.soft_delete(staff)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
