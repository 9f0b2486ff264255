"""A small world for the access matrix: one of every record, owned by the `owner` staff member, and one
row of every model the Django admin shows, all in the owner's (county) bureau."""

import datetime

from bureau.ledger.registry import REGISTRY


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


def build_world(everyone):
    """{name: object} for every URL's kwargs; all in the owner's bureau."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from bureau.ledger.jobs import ImportJob
    from bureau.ledger.uploads import store_attachment
    from enterprises.models import Policy, Qualification, ensure_default_policies
    from reports.models import Target
    from surveys.models import ResearchSubject
    from tests.helpers import png_bytes

    owner = everyone["staff"]
    factories = _factories()
    campaign = owner.bureau.campaigns.get()
    world = {}
    for slug, record_type in REGISTRY.items():
        factory = factories[record_type.model]
        kwargs = {"recorded_by": owner}
        if hasattr(record_type.model, "campaign"):
            kwargs["campaign"] = campaign
        world[slug] = factory(**kwargs)
        world[f"admin:{record_type.model._meta.label}"] = world[slug]
        world[f"content-type:{slug}"] = ContentType.objects.get_for_model(record_type.model).pk
    rectification = world["rectifications"]
    rectification.status, rectification.rectified_on = "rectified", datetime.date(2019, 11, 1)
    rectification.save()
    upload = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    world["attachment"] = store_attachment(world["study-sessions"], upload, "image/png", owner, "photo")
    for slug, record_type in REGISTRY.items():
        world[f"history:{slug}"] = world[slug].history.earliest("history_date")
        world[f"admin-version:{record_type.model._meta.label}"] = world[f"history:{slug}"]
    questionnaire = world["questionnaires"]
    world["question"] = factories_for("Question")(questionnaire=questionnaire)
    world["link"] = factories_for("QuestionnaireLink")(questionnaire=questionnaire)
    world["response"] = factories_for("Response")(questionnaire=questionnaire, link=world["link"])
    enterprise = world["enterprises"]
    world["qualification"] = Qualification.objects.create(
        enterprise=enterprise, kind="provincial_sme", awarded_on=datetime.date(2019, 10, 1)
    )
    deleted = factories[REGISTRY["suggestions"].model](recorded_by=owner, campaign=campaign)
    deleted.soft_delete(owner)
    world["binned"] = deleted
    ensure_default_policies(owner.bureau_id)
    username = owner.username
    now = timezone.now()
    world.update(
        {
            "admin:bureau.Bureau": owner.bureau,
            "admin:bureau.Department": owner.department,
            "admin:bureau.User": everyone["colleague"],
            "admin:bureau.Attachment": world["attachment"],
            "admin:bureau.ImportJob": ImportJob.objects.create(
                bureau=owner.bureau, user=owner, kind="study-sessions", filename="学习.xlsx", status="succeeded"
            ),
            "admin:campaigns.Campaign": campaign,
            "admin:enterprises.Policy": Policy.objects.filter(bureau=owner.bureau).first(),
            "admin:enterprises.Qualification": world["qualification"],
            "admin-version:enterprises.Qualification": world["qualification"].history.earliest("history_date"),
            "admin:surveys.ResearchSubject": ResearchSubject.objects.filter(bureau=owner.bureau).first(),
            "admin:surveys.Response": world["response"],
            "admin:reports.Target": Target.objects.create(campaign=campaign, indicator="study.collective", value=12),
            "admin:axes.AccessAttempt": AccessAttempt.objects.create(
                username=username, ip_address="10.0.0.8", user_agent="-", attempt_time=now, failures_since_start=2
            ),
            "admin:axes.AccessLog": AccessLog.objects.create(
                username=username, ip_address="10.0.0.8", user_agent="-", attempt_time=now
            ),
            "admin:axes.AccessFailureLog": AccessFailureLog.objects.create(
                username=username, ip_address="10.0.0.8", user_agent="-", attempt_time=now
            ),
            "group": Group.objects.get(name="科员"),
        }
    )
    return world


def factories_for(model_name):
    for model, factory in _factories().items():
        if model.__name__ == model_name:
            return factory
    raise LookupError(model_name)
