"""Deleting is recoverable: the bin, restore by owner or admin, purge only by an admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from bureau.ledger.registry import REGISTRY
from bureau.ledger.uploads import store_attachment
from campaigns.models import StudySession
from tests.helpers import png_bytes
from tests.world import RectificationFactory, StudySessionFactory, build_world

# Who may delete, open the bin, restore and purge (by status) is in tests/test_access_matrix.py.


@pytest.mark.parametrize("slug", sorted(REGISTRY))
@pytest.mark.parametrize("who", ["staff", "admin"])
def test_the_owner_and_the_admin_delete_a_record_into_the_bin(client, people, campaign, who, slug):
    record = build_world(people["staff"], campaign, one_of_each=True)[slug]
    client.force_login(people[who])
    assert client.post(reverse(REGISTRY[slug].url_name("delete"), args=[record.pk])).status_code == 302
    assert type(record).all_objects.get(pk=record.pk).deleted_at is not None


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_a_colleagues_delete_is_refused_and_leaves_the_record(client, staff, colleague, campaign, slug):
    record = build_world(staff, campaign, one_of_each=True)[slug]
    client.force_login(colleague)
    assert client.post(reverse(REGISTRY[slug].url_name("delete"), args=[record.pk])).status_code == 403
    assert type(record).all_objects.get(pk=record.pk).deleted_at is None


@pytest.fixture
def deleted_session(staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get(), topic="误删的学习记录")
    upload = SimpleUploadedFile("照片.png", png_bytes(), content_type="image/png")
    store_attachment(session, upload, "image/png", staff, "photo")
    session.soft_delete(staff)
    return session


def test_the_owner_and_the_admin_find_a_deleted_record_in_the_bin(client, staff, admin_user, deleted_session):
    for user in (staff, admin_user):
        client.force_login(user)
        assert "误删的学习记录" in client.get(reverse("ledger:recycle-bin")).content.decode(), user


def test_the_bin_does_not_show_a_deleted_record_to_anyone_else(client, colleague, leader, outsider, deleted_session):
    for user in (colleague, leader, outsider):
        client.force_login(user)
        assert "误删的学习记录" not in client.get(reverse("ledger:recycle-bin")).content.decode(), user


def restore(client, session):
    return client.post(reverse("ledger:recycle-bin-restore", args=["study-sessions", session.pk]))


def test_the_owner_restores_their_deleted_record(client, staff, deleted_session):
    client.force_login(staff)
    assert restore(client, deleted_session).status_code == 302
    assert StudySession.objects.filter(pk=deleted_session.pk).exists()


def test_the_admin_restores_a_deleted_record(client, admin_user, deleted_session):
    client.force_login(admin_user)
    assert restore(client, deleted_session).status_code == 302
    assert StudySession.objects.filter(pk=deleted_session.pk).exists()


def test_a_refused_restore_leaves_the_record_in_the_bin(client, colleague, deleted_session):
    client.force_login(colleague)
    assert restore(client, deleted_session).status_code == 403
    assert not StudySession.objects.filter(pk=deleted_session.pk).exists()


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
    # session, user, savepoints, session refresh, the 我的待办 badge and the bureau tree it reads for an admin
    # (9), then one query per registered record type
    with django_assert_num_queries(9 + len(REGISTRY)) as first:
        client.get(url)
    for item in RectificationFactory.create_batch(10, recorded_by=staff, campaign=campaign):
        item.soft_delete(staff)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
