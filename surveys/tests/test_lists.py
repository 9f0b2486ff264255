"""Research lists: the query count does not grow with the rows shown."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.helpers import assert_list_queries_do_not_grow, png_bytes, with_photos
from tests.world import (
    QuestionnaireFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    ResearchVisitFactory,
    SuggestionFactory,
)

# session, user, count, departments for the filter, the page of rows (with their subject, topic or lead
# joined), their attachments, the 我的待办 badge, the session's expiry refresh, two savepoint pairs of
# ATOMIC_REQUESTS; plus the topic choices of the filter where there is one.
QUERIES = {
    "researchtopic": (ResearchTopicFactory, 12),
    "researchvisit": (ResearchVisitFactory, 13),
    "questionnaire": (QuestionnaireFactory, 12),
    "suggestion": (SuggestionFactory, 12),
    "researchreport": (ResearchReportFactory, 13),
}


def _fill(kind, n, owner):
    factory = QUERIES[kind][0]
    extra = {}
    if kind in ("researchvisit", "researchreport"):
        extra["topic"] = ResearchTopicFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())
    records = factory.create_batch(n, recorded_by=owner, campaign=owner.bureau.campaigns.get(), **extra)
    return with_photos(records, owner)


@pytest.mark.parametrize("kind", QUERIES)
def test_list_query_count_is_the_same_for_1_and_20_rows(client, staff, kind, django_assert_num_queries):
    client.force_login(staff)
    url = reverse(f"surveys:{kind}-list")
    assert_list_queries_do_not_grow(
        client, url, lambda n: _fill(kind, n, staff), QUERIES[kind][1], django_assert_num_queries
    )


@pytest.mark.parametrize("kind", QUERIES)
def test_bad_filter_value_is_a_400_not_a_500(client, staff, kind):
    client.force_login(staff)
    response = client.get(reverse(f"surveys:{kind}-list"), {"date_from": "昨天"})
    assert response.status_code == 400
    assert "输入一个有效的日期" in response.content.decode()


def test_report_list_filters_by_status_and_topic(client, staff, campaign):
    topic = ResearchTopicFactory(recorded_by=staff, campaign=campaign, title="农业科技服务")
    ResearchReportFactory(recorded_by=staff, campaign=campaign, title="政策落地调研报告", status="drafting")
    ResearchReportFactory(recorded_by=staff, campaign=campaign, title="农业科技调研报告", topic=topic)
    client.force_login(staff)
    url = reverse("surveys:researchreport-list")

    def titles(**params):
        return [r.title for r in client.get(url, params).context["records"]]

    assert titles(status="drafting") == ["政策落地调研报告"]
    assert titles(topic=topic.pk) == ["农业科技调研报告"]
    assert titles(q="农业") == ["农业科技调研报告"]


def test_report_form_takes_the_document_as_an_attachment(client, staff, campaign):
    client.force_login(staff)
    page = client.get(reverse("surveys:researchreport-create")).content.decode()
    assert "报告文档" in page
    scan = SimpleUploadedFile("报告扫描件.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("surveys:researchreport-create"),
        {
            "campaign": campaign.pk,
            "title": "关于科技政策落地情况的调研报告",
            "authors": "吴晓燕",
            "date": "2019-11-28",
            "status": "finished",
            "attachment_kind": "document",
            "attachment_files": scan,
        },
    )
    assert response.status_code == 302
    from surveys.models import ResearchReport

    report = ResearchReport.objects.get()
    assert report.attachments.get().kind == "document"
