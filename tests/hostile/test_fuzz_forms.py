"""Random hostile POSTs to every record type's create page: never a 500, and a refusal saves nothing."""

import pytest
from hypothesis import HealthCheck, given, settings

from bureau.ledger.registry import REGISTRY
from tests.helpers import SIDE_TABLES, WORK_ITEM_NOTICES, Ledger, create_url, created_models
from tests.world import valid_data

from .strategies import hostile_post

ALLOWED = {200, 302, 400, 403, 404}
SKIPPED = {"attachment_files"}


def uninstrumented_templates(monkeypatch):
    """Render templates without the test client's per-template context copies (half the time of a POST);
    the pages still render in full, only `response.context` is not recorded."""
    from django.template.base import Template
    from django.test.utils import _TestState

    saved = getattr(getattr(_TestState, "saved_data", None), "template_render", None)
    if saved is not None:
        monkeypatch.setattr(Template, "_render", saved)


def choice_ids(form) -> dict[str, list[int]]:
    return {
        name: list(field.queryset.values_list("pk", flat=True)[:20])
        for name, field in form.fields.items()
        if hasattr(field, "queryset")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(REGISTRY))
def test_random_posts_never_fail_and_refusals_save_nothing(slug, client, world, other, admin_user, monkeypatch):
    uninstrumented_templates(monkeypatch)
    record_type = REGISTRY[slug]
    user = admin_user if record_type.admin_only else world.user
    client.force_login(user)
    fields = {n: f for n, f in record_type.form_class(user=user).fields.items() if n not in SKIPPED}
    own_ids = choice_ids(record_type.form_class(user=user))
    foreign_ids = choice_ids(record_type.form_class(user=other.user))
    valid = {k: (v if isinstance(v, list) else str(v)) for k, v in valid_data(slug, world).items()}
    url = create_url(slug)

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(data=hostile_post(valid, fields, own_ids, foreign_ids))
    def post_random(data):
        ledger = Ledger()
        response = client.post(url, data)
        assert response.status_code in ALLOWED, (response.status_code, data)
        if response.status_code == 400:
            ledger.assert_unchanged()
        elif response.status_code == 302:
            ledger.assert_created(*created_models(record_type), also=(*SIDE_TABLES, *WORK_ITEM_NOTICES))

    post_random()


def test_hostile_values_reach_every_kind_of_field():
    """The strategies cover every field type the record forms use (a new type would be fuzzed as text)."""
    from django import forms

    seen = set()
    for record_type in REGISTRY.values():
        for field in record_type.form_class.base_fields.values():
            seen.add(type(field))
    known = (
        forms.ModelMultipleChoiceField,
        forms.ModelChoiceField,
        forms.ChoiceField,
        forms.DateField,
        forms.IntegerField,
        forms.BooleanField,
        forms.CharField,
        forms.FileField,
    )
    assert all(issubclass(kind, known) for kind in seen), seen
