"""The statuses a bureau recorded before the work loop become its states without loss (the migrations
campaigns 0002–0004, enterprises 0004–0006): run on rows written by the schema before them."""

import datetime

import pytest

from tests.helpers import latest_migrations, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("bureau", "0004_reminders_and_notifications"),
    ("campaigns", "0001_initial"),
    ("enterprises", "0003_agreement_institution_help"),
]
AFTER = [
    ("bureau", "0005_work_events"),
    ("campaigns", "0004_drop_old_status_fields"),
    ("enterprises", "0006_drop_old_status_fields"),
]
D = datetime.date


def write_old_rows(apps):
    Bureau = apps.get_model("bureau", "Bureau")
    User = apps.get_model("bureau", "User")
    bureau = Bureau.objects.create(name="青田县科学技术局")
    staff = User.objects.create(username="staff", bureau=bureau, role="staff")
    leader = User.objects.create(username="leader", bureau=bureau, role="leader")
    campaign = apps.get_model("campaigns", "Campaign").objects.create(
        bureau=bureau, name="主题教育", start=D(2019, 9, 12), end=D(2020, 1, 31)
    )
    common = {"bureau": bureau, "campaign": campaign, "recorded_by": staff, "owner": staff}
    Rectification = apps.get_model("campaigns", "Rectification")
    for status, rectified_on in (("open", None), ("in_progress", None), ("rectified", D(2019, 11, 20))):
        Rectification.objects.create(
            **common,
            source="leadership",
            date=D(2019, 10, 20),
            problem=f"问题-{status}",
            deadline=D(2019, 12, 31),
            status=status,
            rectified_on=rectified_on,
            result="已整改" if rectified_on else "",
        )
    # The verified rectification, and below the version of it its history holds.
    verified = {
        "source": "leadership",
        "date": D(2019, 10, 20),
        "problem": "问题-verified",
        "deadline": D(2019, 11, 30),
        "status": "verified",
        "rectified_on": D(2019, 11, 25),
    }
    Rectification.objects.create(
        **common,
        **verified,
        result="已整改到位",
        verified_by=leader,
        verified_at=datetime.datetime(2019, 11, 27, 9, tzinfo=datetime.UTC),
    )
    PlanTask = apps.get_model("campaigns", "PlanTask")
    for status, completed_on in (("not_started", None), ("in_progress", None), ("done", D(2019, 9, 15))):
        PlanTask.objects.create(
            **common,
            title=f"任务-{status}",
            date=D(2019, 9, 12),
            deadline=D(2019, 9, 30),
            status=status,
            completed_on=completed_on,
        )
    enterprise = apps.get_model("enterprises", "Enterprise").objects.create(
        bureau=bureau,
        recorded_by=staff,
        name="浙江正腾阀门有限公司",
        credit_code="91331121MA2A0B1C2D",
        town="温溪镇",
        industry="通用设备制造业",
    )
    Issue = apps.get_model("enterprises", "EnterpriseIssue")
    for status, resolved_on in (
        ("raised", None),
        ("in_progress", None),
        ("resolved", D(2019, 11, 29)),
        ("unresolvable", D(2019, 12, 30)),
    ):
        Issue.objects.create(
            **common,
            enterprise=enterprise,
            date=D(2019, 10, 15),
            description=f"企业问题-{status}",
            category="financing",
            deadline=D(2019, 11, 30),
            status=status,
            resolved_on=resolved_on,
            resolution="对接银行贷款" if status == "resolved" else "",
            unresolved_reason="超出职能" if status == "unresolvable" else "",
        )
    apps.get_model("campaigns", "HistoricalRectification").objects.create(
        id=1,
        history_date=datetime.datetime(2019, 11, 27, tzinfo=datetime.UTC),
        history_type="~",
        bureau_id=bureau.pk,
        campaign_id=campaign.pk,
        recorded_by_id=staff.pk,
        owner_id=staff.pk,
        **verified,
        verified_by_id=leader.pk,
        immediate=False,
        created_at=datetime.datetime(2019, 10, 20, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2019, 11, 27, tzinfo=datetime.UTC),
        version=2,
    )
    return leader


def test_every_old_status_becomes_its_state_and_keeps_its_dates():
    final = latest_migrations()
    try:
        old_apps = migrate(BEFORE)
        leader = write_old_rows(old_apps)
        apps = migrate(AFTER)
    finally:
        migrate(final)
    rectifications = {r.problem: r for r in apps.get_model("campaigns", "Rectification").objects.all()}
    assert {p: r.status for p, r in rectifications.items()} == {
        "问题-open": "pending",
        "问题-in_progress": "in_progress",
        "问题-rectified": "applied",
        "问题-verified": "closed",
    }
    verified = rectifications["问题-verified"]
    assert (verified.closed_on, verified.closed_by_id) == (D(2019, 11, 25), leader.pk)
    assert verified.original_deadline == D(2019, 11, 30)
    WorkEvent = apps.get_model("bureau", "WorkEvent")
    applied = WorkEvent.objects.get(
        object_id=rectifications["问题-rectified"].pk, step="apply", content_type__model="rectification"
    )
    assert (applied.day, applied.opinion, applied.state_after) == (D(2019, 11, 20), "已整改", "applied")
    closed = WorkEvent.objects.get(object_id=verified.pk, step="close", content_type__model="rectification")
    assert (closed.actor_id, closed.day) == (leader.pk, D(2019, 11, 25))
    assert apps.get_model("campaigns", "HistoricalRectification").objects.get().status == "closed"

    tasks = {t.title: t for t in apps.get_model("campaigns", "PlanTask").objects.all()}
    assert {t: task.status for t, task in tasks.items()} == {
        "任务-not_started": "pending",
        "任务-in_progress": "in_progress",
        "任务-done": "closed",
    }
    assert tasks["任务-done"].closed_on == D(2019, 9, 15)

    issues = {i.description: i for i in apps.get_model("enterprises", "EnterpriseIssue").objects.all()}
    assert {d: (i.status, i.outcome, i.closed_on) for d, i in issues.items()} == {
        "企业问题-raised": ("pending", "", None),
        "企业问题-in_progress": ("in_progress", "", None),
        "企业问题-resolved": ("closed", "resolved", D(2019, 11, 29)),
        "企业问题-unresolvable": ("closed", "unresolvable", D(2019, 12, 30)),
    }
    assert issues["企业问题-resolved"].resolution == "对接银行贷款"
    timeline = WorkEvent.objects.filter(object_id=issues["企业问题-resolved"].pk, content_type__model="enterpriseissue")
    assert [(e.step, e.day) for e in timeline.order_by("pk")] == [
        ("apply", D(2019, 11, 29)),
        ("close", D(2019, 11, 29)),
    ]
