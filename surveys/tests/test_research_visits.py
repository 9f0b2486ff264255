"""Research visits pick their subject from the bureau's registry instead of retyping it."""

import pytest
from django.urls import reverse

from surveys.models import ResearchSubject, ResearchVisit
from tests.helpers import research_figures
from tests.world import ResearchSubjectFactory, ResearchTopicFactory, ResearchVisitFactory

CREATE = "surveys:researchvisit-create"


def _post(client, **overrides):
    data = {
        "campaign": overrides.pop("campaign"),
        "subject_type": "department",
        "subject_name": "县农业农村局",
        "date": "2019-10-22",
        "method": "on_site",
        "place": "县农业农村局",
        "people_met": "3",
        "findings": "对接科技特派员派驻计划。",
        "attachment_kind": "photo",
    }
    data.update(overrides)
    return client.post(reverse(CREATE), data)


def test_a_new_subject_is_registered_with_the_first_visit(client, staff, campaign):
    client.force_login(staff)
    response = _post(client, campaign=campaign.pk)
    assert response.status_code == 302
    visit = ResearchVisit.objects.get()
    assert visit.subject.name == "县农业农村局"
    assert visit.subject.subject_type == "department"
    assert visit.subject.bureau == staff.bureau


def test_the_same_subject_retyped_with_stray_spaces_is_reused(client, staff, campaign):
    existing = ResearchSubjectFactory(bureau=staff.bureau, name="县农业农村局", subject_type="department")
    client.force_login(staff)
    assert _post(client, campaign=campaign.pk, subject_name=" 县农业 农村局 ").status_code == 302
    assert ResearchSubject.objects.count() == 1
    assert ResearchVisit.objects.get().subject == existing
    assert research_figures(campaign)["departments"] == 1


def test_a_registered_name_with_another_type_is_refused(client, staff, campaign):
    ResearchSubjectFactory(bureau=staff.bureau, name="县生产力促进中心", subject_type="intermediary")
    client.force_login(staff)
    response = _post(client, campaign=campaign.pk, subject_name="县生产力促进中心", subject_type="department")
    assert response.status_code == 400
    assert "已登记为“科技中介”，请核对对象类型" in response.content.decode()
    assert ResearchVisit.objects.count() == 0
    assert ResearchSubject.objects.count() == 1


def test_an_invalid_visit_registers_no_subject(client, staff, campaign):
    client.force_login(staff)
    response = _post(client, campaign=campaign.pk, subject_name="新部门", date="2021-01-01", people_met="0")
    assert response.status_code == 400
    page = response.content.decode()
    assert "日期须在主题教育期间" in page
    assert "走访人数" in page
    assert ResearchSubject.objects.count() == 0


def test_another_bureaus_subjects_are_neither_offered_nor_reused(client, staff, outsider, campaign):
    theirs = ResearchSubjectFactory(bureau=outsider.bureau, name="县财政局", subject_type="department")
    mine = ResearchSubjectFactory(bureau=staff.bureau, name="县发展和改革局", subject_type="department")
    client.force_login(staff)
    page = client.get(reverse(CREATE)).content.decode()
    assert f'<option value="{mine.name}">有关部门</option>' in page
    assert theirs.name not in page
    assert _post(client, campaign=campaign.pk, subject_name="县财政局").status_code == 302
    assert ResearchVisit.objects.get().subject != theirs


def test_the_form_suggests_registered_subjects(client, staff):
    ResearchSubjectFactory(bureau=staff.bureau, name="县生产力促进中心", subject_type="intermediary")
    client.force_login(staff)
    page = client.get(reverse(CREATE)).content.decode()
    assert 'list="id_subject_name-options"' in page
    assert '<datalist id="id_subject_name-options"><option value="县生产力促进中心">科技中介</option>' in page


def test_editing_shows_the_subject_and_can_move_the_visit_to_another(client, staff, campaign):
    visit = ResearchVisitFactory(recorded_by=staff, campaign=campaign)
    client.force_login(staff)
    page = client.get(reverse("surveys:researchvisit-edit", args=[visit.pk])).content.decode()
    assert f'value="{visit.subject.name}"' in page
    ResearchSubjectFactory(bureau=staff.bureau, name="县经济商务局", subject_type="department")
    edit = client.post(
        reverse("surveys:researchvisit-edit", args=[visit.pk]),
        {
            "campaign": campaign.pk,
            "subject_type": "department",
            "subject_name": "县经济商务局",
            "date": "2019-10-15",
            "method": "symposium",
            "people_met": "4",
            "attachment_kind": "photo",
            "opened_version": visit.version,
        },
    )
    assert edit.status_code == 302
    visit.refresh_from_db()
    assert visit.subject.name == "县经济商务局"
    assert visit.method == "symposium"
    assert ResearchSubject.objects.filter(name="县经济商务局").count() == 1


def test_topic_choices_are_the_bureaus_live_topics(client, staff, outsider, campaign):
    mine = ResearchTopicFactory(recorded_by=staff, campaign=campaign, title="科技政策落地")
    gone = ResearchTopicFactory(recorded_by=staff, campaign=campaign, title="已删除的专题")
    gone.soft_delete(staff)
    theirs = ResearchTopicFactory(recorded_by=outsider, campaign=outsider.bureau.campaigns.get(), title="别人的专题")
    client.force_login(staff)
    page = client.get(reverse(CREATE)).content.decode()
    assert mine.title in page
    assert gone.title not in page and theirs.title not in page
    response = _post(client, campaign=campaign.pk, topic=theirs.pk)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"subject_type": "intermediary"}, ["县生产力促进中心"]),
        ({"method": "symposium"}, ["县财政局"]),
        ({"q": "生产力"}, ["县生产力促进中心"]),
    ],
)
def test_visit_list_filters(client, staff, campaign, params, expected):
    ResearchVisitFactory(
        recorded_by=staff,
        campaign=campaign,
        subject=ResearchSubjectFactory(bureau=staff.bureau, name="县生产力促进中心", subject_type="intermediary"),
    )
    ResearchVisitFactory(
        recorded_by=staff,
        campaign=campaign,
        method="symposium",
        subject=ResearchSubjectFactory(bureau=staff.bureau, name="县财政局", subject_type="department"),
    )
    client.force_login(staff)
    response = client.get(reverse("surveys:researchvisit-list"), params)
    assert [visit.subject.name for visit in response.context["records"]] == expected


def test_visit_list_links_to_research_topics(client, staff):
    client.force_login(staff)
    page = client.get(reverse("surveys:researchvisit-list")).content.decode()
    assert reverse("surveys:researchtopic-list") in page
