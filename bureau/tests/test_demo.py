import pytest
from django.core.management import CommandError, call_command

from bureau.models import User
from campaigns.models import Campaign, PlanTask, Rectification, StudySession


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_reproduces_study_figures(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    first = {m.__name__: m.objects.count() for m in (Campaign, StudySession, Rectification, PlanTask, User)}
    call_command("load_demo")
    second = {m.__name__: m.objects.count() for m in (Campaign, StudySession, Rectification, PlanTask, User)}
    assert first == second
    counts = {k: StudySession.objects.filter(kind=k).count() for k in ("central_group", "collective", "seminar")}
    assert counts == {"central_group": 8, "collective": 14, "seminar": 2}
    assert set(Rectification.objects.values_list("status", flat=True)) == {
        "open",
        "in_progress",
        "rectified",
        "verified",
    }
    out = capsys.readouterr().out
    assert "staff / demo-staff" in out and "leader / demo-leader" in out and "admin / demo-admin" in out


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "leader", "staff"])
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
