"""A small world for the access matrix: one of every record, owned by the `owner` staff member."""

import datetime

from bureau.record_types import REGISTRY


def _factories():
    from campaigns.tests import factories as campaign_factories
    from enterprises.tests import factories as enterprise_factories
    from surveys.tests import factories as survey_factories

    found = {}
    for module in (campaign_factories, enterprise_factories, survey_factories):
        for value in vars(module).values():
            model = getattr(getattr(value, "_meta", None), "model", None)
            if model is not None and hasattr(value, "create"):
                found.setdefault(model, value)
    return found


def build_world(owner, leader):
    """{name: object} for every URL's kwargs; all in the owner's bureau."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bureau.uploads import store_attachment
    from campaigns.tests.test_forms_bad_input import png_bytes

    factories = _factories()
    campaign = owner.bureau.campaigns.get()
    world = {}
    for slug, record_type in REGISTRY.items():
        factory = factories[record_type.model]
        kwargs = {"recorded_by": owner}
        if hasattr(record_type.model, "campaign"):
            kwargs["campaign"] = campaign
        world[slug] = factory(**kwargs)
    rectification = world["rectifications"]
    rectification.status, rectification.rectified_on = "rectified", datetime.date(2019, 11, 1)
    rectification.save()
    upload = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    world["attachment"] = store_attachment(world["study-sessions"], upload, "image/png", owner, "photo")
    for slug in REGISTRY:
        world[f"history:{slug}"] = world[slug].history.earliest("history_date")
    questionnaire = world["questionnaires"]
    world["question"] = factories_for("Question")(questionnaire=questionnaire)
    world["link"] = factories_for("QuestionnaireLink")(questionnaire=questionnaire)
    world["response"] = factories_for("Response")(questionnaire=questionnaire, link=world["link"])
    enterprise = world["enterprises"]
    from enterprises.models import Qualification

    world["qualification"] = Qualification.objects.create(
        enterprise=enterprise, kind="provincial_sme", awarded_on=datetime.date(2019, 10, 1)
    )
    deleted = factories[REGISTRY["suggestions"].model](recorded_by=owner, campaign=campaign)
    deleted.soft_delete(owner)
    world["binned"] = deleted
    return world


def factories_for(model_name):
    for model, factory in _factories().items():
        if model.__name__ == model_name:
            return factory
    raise LookupError(model_name)
