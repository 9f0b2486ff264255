"""List pages: filters, search, pagination, and a query count that does not grow with the rows shown."""

import datetime

import pytest
from django.urls import reverse

from tests.helpers import assert_list_queries_do_not_grow, with_photos
from tests.world import PlanTaskFactory, RectificationFactory, StudySessionFactory

FACTORIES = {
    "studysession": StudySessionFactory,
    "rectification": RectificationFactory,
    "plantask": PlanTaskFactory,
}


def _fill(kind, n, owner):
    records = FACTORIES[kind].create_batch(n, recorded_by=owner, campaign=owner.bureau.campaigns.get())
    return with_photos(records, owner)


@pytest.mark.parametrize("kind", FACTORIES)
def test_list_query_count_is_the_same_for_1_and_20_rows(client, staff, kind, django_assert_num_queries):
    client.force_login(staff)
    # session, user (with bureau and department), count, departments for the filter, the page of rows,
    # their attachments, the 我的待办 badge, the session's expiry refresh; plus two savepoint pairs of
    # ATOMIC_REQUESTS.
    assert_list_queries_do_not_grow(
        client, reverse(f"campaigns:{kind}-list"), lambda n: _fill(kind, n, staff), 12, django_assert_num_queries
    )


def test_filters_by_kind_date_and_text(client, staff, campaign):
    StudySessionFactory(recorded_by=staff, campaign=campaign, kind="seminar", topic="专题研讨：找差距")
    StudySessionFactory(
        recorded_by=staff,
        campaign=campaign,
        kind="collective",
        topic="集中学习党章",
        date=datetime.date(2019, 12, 2),
        department=staff.department,
    )
    client.force_login(staff)
    url = reverse("campaigns:studysession-list")

    def topics(**params):
        return [r.topic for r in client.get(url, params).context["records"]]

    assert topics(kind="seminar") == ["专题研讨：找差距"]
    assert topics(q="党章") == ["集中学习党章"]
    assert topics(date_from="2019-12-01") == ["集中学习党章"]
    assert topics(date_to="2019-11-30") == ["专题研讨：找差距"]
    assert topics(department=staff.department_id) == ["集中学习党章"]


def test_bad_filter_value_is_a_400_not_a_500(client, staff):
    client.force_login(staff)
    response = client.get(reverse("campaigns:studysession-list"), {"date_from": "yesterday"})
    assert response.status_code == 400
    assert "输入一个有效的日期" in response.content.decode()


def test_list_paginates_by_20(client, staff, campaign):
    StudySessionFactory.create_batch(25, recorded_by=staff, campaign=campaign)
    client.force_login(staff)
    url = reverse("campaigns:studysession-list")
    assert len(client.get(url).context["records"]) == 20
    page2 = client.get(url, {"page": 2})
    assert len(page2.context["records"]) == 5
    assert "共 25 条" in page2.content.decode()
    assert client.get(url, {"page": 99}).status_code == 404


def test_deleted_records_disappear_from_the_list(client, staff, campaign):
    session = StudySessionFactory(recorded_by=staff, campaign=campaign, topic="将被删除")
    client.force_login(staff)
    response = client.post(reverse("campaigns:studysession-delete", args=[session.pk]), follow=True)
    assert "已将“将被删除”移入回收站" in response.content.decode()
    assert list(response.context["records"]) == []
