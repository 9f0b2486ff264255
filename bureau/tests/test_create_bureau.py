"""`manage.py create_bureau`: a fresh install's first bureau and its admin (DESIGN §4)."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from bureau.management.commands.create_bureau import Command
from bureau.models import Bureau, User
from tests.helpers import Ledger

pytestmark = pytest.mark.django_db


def create(*args):
    out = io.StringIO()
    call_command("create_bureau", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_bureau_and_its_admin_who_must_change_the_password(city):
    out = create(
        "--name",
        " 庆元县科学技术局 ",
        "--level",
        "county",
        "--parent",
        city.name,
        "--admin",
        "qy-admin",
        "--admin-name",
        "吴晓燕",
        "--email",
        "qy-admin@ledger.example.cn",
    )
    bureau = Bureau.objects.get(name="庆元县科学技术局")
    assert (bureau.level, bureau.parent) == ("county", city)
    admin = User.objects.get(username="qy-admin")
    assert (admin.bureau, admin.role, admin.last_name, admin.first_name) == (bureau, "admin", "吴", "晓燕")
    assert admin.must_change_password and not admin.is_superuser
    password = re.search(r"初始密码：(\S+)", out)[1]
    assert admin.check_password(password)

    client = Client()
    response = client.post(reverse("login"), {"username": "qy-admin", "password": password}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302
    assert client.get(reverse("setup:guide"))["Location"] == reverse("password_change")


@pytest.mark.parametrize(
    "args",
    [
        ["--name", "青田县科学技术局", "--level", "county", "--admin", "new-admin"],  # the bureau exists
        ["--name", "庆元县科学技术局", "--level", "county", "--admin", "office"],  # the username is taken
        ["--name", "庆元县科学技术局", "--level", "county", "--parent", "没有这个局", "--admin", "new-admin"],
        ["--name", "  ", "--level", "county", "--admin", "new-admin"],
    ],
    ids=["duplicate-bureau", "duplicate-admin", "unknown-parent", "empty-name"],
)
def test_it_refuses_and_creates_nothing(admin_user, args):
    ledger = Ledger()
    with pytest.raises(CommandError):
        create(*args)
    ledger.assert_unchanged()


# run_from_argv closes the database connections when it ends, as manage.py does: outside a test transaction,
# the next query opens a new one.
@pytest.mark.django_db(transaction=True)
def test_a_refusal_exits_non_zero(admin_user, capsys):
    ledger = Ledger()
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(
            [
                "manage.py",
                "create_bureau",
                "--name",
                "庆元县科学技术局",
                "--level",
                "county",
                "--parent",
                "没有这个局",
                "--admin",
                "x",
            ]
        )
    assert exited.value.code != 0
    assert "没有名为“没有这个局”的上级单位" in capsys.readouterr().err
    ledger.assert_unchanged()
