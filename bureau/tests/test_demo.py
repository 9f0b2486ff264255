import pytest
from django.core.management import CommandError, call_command

from bureau.ledger.lifecycle import Step, WorkEvent
from bureau.models import User
from campaigns.models import Campaign, PlanTask, Rectification, StudySession


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_reproduces_study_figures(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    models = (Campaign, StudySession, Rectification, PlanTask, User, WorkEvent)
    first = {m.__name__: m.objects.count() for m in models}
    call_command("load_demo")
    second = {m.__name__: m.objects.count() for m in models}
    assert first == second
    first_county = StudySession.objects.filter(bureau__name="青田县科学技术局")
    counts = {k: first_county.filter(kind=k).count() for k in ("central_group", "collective", "seminar")}
    assert counts == {"central_group": 8, "collective": 14, "seminar": 2}
    county = Rectification.objects.filter(bureau__name="青田县科学技术局")
    assert set(county.values_list("status", flat=True)) == {"pending", "in_progress", "applied", "closed"}
    # The items got where they are through the work loop's steps: each closed off by a leader, on a day.
    for item in county.filter(status="closed"):
        close = WorkEvent.objects.of(item).filter(step=Step.CLOSE).last()
        assert (item.closed_on, item.closed_by) == (close.day, close.actor) and item.closed_by.can_verify
    for item in county.filter(status="applied"):
        assert WorkEvent.objects.of(item).filter(step=Step.APPLY).exists() and item.result
    out = capsys.readouterr().out
    assert "staff / demo-staff" in out and "leader / demo-leader" in out and "admin / demo-admin" in out


@pytest.mark.django_db
def test_the_demo_has_a_neighbour_county_a_city_leader_and_an_auditor(settings):
    from reports.exporters.monthly import campaign_record_types

    settings.DEBUG = True
    call_command("load_demo")
    roles = {u.username: (u.role, u.bureau.name, u.email) for u in User.objects.select_related("bureau")}
    assert roles["county2"] == ("leader", "景宁畲族自治县科学技术局", "county2@ledger.example.cn")
    assert roles["city"] == ("leader", "丽水市科学技术局", "city@ledger.example.cn")
    assert roles["auditor"] == ("auditor", "青田县科学技术局", "auditor@ledger.example.cn")
    assert all(email == f"{name}@ledger.example.cn" for name, (_role, _bureau, email) in roles.items())
    neighbour = Campaign.objects.get(bureau__name="景宁畲族自治县科学技术局")
    assert neighbour.start == Campaign.objects.get(bureau__name="青田县科学技术局").start
    for record_type in campaign_record_types():
        assert record_type.model.objects.filter(campaign=neighbour).exists(), record_type.slug


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "leader", "staff", "auditor", "county2", "city"])
def test_demo_accounts_log_in(client, settings, username):
    settings.DEBUG = True
    call_command("load_demo")
    response = client.post("/accounts/login/", {"username": username, "password": f"demo-{username}"})
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not User.objects.exists()
    call_command("load_demo", "--force")
    assert User.objects.filter(username="staff").exists()
