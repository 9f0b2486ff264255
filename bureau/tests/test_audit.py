"""The audit trail (审计日志): what is recorded, that it only grows, that verify_audit finds an entry changed or
removed directly in the database, and that the auditor reads it and nothing else."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from bureau import audit
from bureau.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def actions(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("seq").values_list("action", flat=True))


def test_logins_failures_refusals_and_account_changes_are_recorded(client, staff, admin_user, colleague):
    client.post(reverse("login"), {"username": staff.username, "password": "wrong"})
    client.post(reverse("login"), {"username": staff.username, "password": "correct horse battery"})
    client.get(reverse("reports:targets"))  # staff may not set targets: a refusal
    assert actions(username=staff.username)[-3:] == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.REFUSED]
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.bureau_id == staff.bureau_id and failed.address == "127.0.0.1"
    client.force_login(admin_user)
    url = reverse("admin:bureau_user_change", args=[colleague.pk])
    client.post(
        url,
        {"username": colleague.username, "last_name": "张", "first_name": "三", "role": "leader", "is_active": "on"},
    )
    change = AuditEvent.objects.filter(action=AuditAction.ACCOUNT, target__startswith=colleague.username).first()
    assert change.username == admin_user.username and "role: staff → leader" in change.detail


def test_exports_imports_and_month_closes_are_recorded(client, leader, staff, campaign):
    client.force_login(leader)
    client.get(reverse("reports:monthly-workbook"), {"month": "2019-10"})
    client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": "2019-10"})
    assert actions(username=leader.username)[-2:] == [AuditAction.EXPORT, AuditAction.MONTH_CLOSE]
    client.force_login(staff)
    template = client.get(reverse("ledger:import-template", args=["study-sessions"]))
    upload = io.BytesIO(b"".join(template.streaming_content))
    upload.name = "学习.xlsx"
    client.post(reverse("ledger:import"), {"kind": "study-sessions", "file": upload})
    assert actions(username=staff.username)[-1] == AuditAction.IMPORT


def test_the_trail_only_grows():
    event = audit.record(AuditAction.EXPORT, target="月报")
    event.detail = "改过"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="改过")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def _entries(n):
    return [audit.record(AuditAction.EXPORT, target=f"月报{i}") for i in range(n)]


def test_verify_audit_passes_an_intact_trail(capsys):
    _entries(5)
    call_command("verify_audit")
    assert "散列链无误" in capsys.readouterr().out


def test_verify_audit_finds_an_entry_changed_in_the_database(capsys):
    events = _entries(5)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET target = %s WHERE id = %s", ["伪造", events[2].pk])  # noqa: S608
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"#{events[2].seq}: 内容已被修改" in capsys.readouterr().out


@pytest.mark.parametrize("which", ["middle", "last"])
def test_verify_audit_finds_an_entry_deleted_in_the_database(capsys, which):
    events = _entries(5)
    gone = events[2] if which == "middle" else events[-1]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [gone.pk])  # noqa: S608
    with pytest.raises(CommandError):
        call_command("verify_audit")
    out = capsys.readouterr().out
    assert "缺失" in out or "末尾缺失" in out


def test_the_auditor_reads_and_exports_the_trail_and_nothing_else(client, auditor, staff, campaign):
    client.post(reverse("login"), {"username": staff.username, "password": "wrong"})
    client.force_login(auditor)
    assert client.get("/").url == reverse("bureau:audit-trail")
    page = client.get(reverse("bureau:audit-trail"), {"action": "login_failed"})
    assert page.status_code == 200 and staff.username in page.content.decode()
    export = client.get(reverse("bureau:audit-export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "时间", "单位") and any(row[3] == staff.username for row in rows[1:])
    assert client.get(reverse("ledger:change-log")).status_code == 200
    for name in ("campaigns:studysession-list", "reports:dashboard", "reports:summary-api", "ledger:recycle-bin"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get("/admin/").status_code == 403


def test_nobody_else_reads_the_trail(client, admin_user, leader):
    for user in (admin_user, leader):
        client.force_login(user)
        assert client.get(reverse("bureau:audit-trail")).status_code == 403
        assert client.get(reverse("bureau:audit-export")).status_code == 403


def test_an_auditor_reads_only_their_own_bureaus_trail(client, auditor, outsider):
    client.post(reverse("login"), {"username": outsider.username, "password": "wrong"})
    client.force_login(auditor)
    assert outsider.username not in client.get(reverse("bureau:audit-trail")).content.decode()
