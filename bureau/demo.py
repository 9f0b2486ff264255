"""Demo organisation: the county bureau under its city and province, a neighbour county under the same
city, their departments and accounts (every demo account's e-mail is <username>@ledger.example.cn)."""

from bureau.choices import BureauLevel, Role
from bureau.models import Bureau, Department, User

DEPARTMENTS = ["办公室", "高新技术科", "农村与社会发展科", "政策法规科"]

ACCOUNTS = [
    # username, family name, given name, role, department
    ("admin", "刘", "欣亮", Role.ADMIN, "办公室"),
    ("leader", "陈", "立新", Role.LEADER, "办公室"),
    ("staff", "吴", "晓燕", Role.STAFF, "高新技术科"),
    ("staff2", "周", "海峰", Role.STAFF, "农村与社会发展科"),
    ("staff3", "叶", "静", Role.STAFF, "政策法规科"),
]
# The first county's auditor (审计员): reads its audit trail and change log, nothing else.
AUDITOR = ("auditor", "潘", "秀芳", Role.AUDITOR, "办公室")

NEIGHBOUR = "景宁畲族自治县科学技术局"
NEIGHBOUR_DEPARTMENTS = ["办公室", "科技发展科"]
NEIGHBOUR_ACCOUNTS = [
    ("county2", "雷", "建华", Role.LEADER, "办公室"),
    ("county2-staff", "蓝", "美玲", Role.STAFF, "科技发展科"),
    ("county2-staff2", "钟", "伟", Role.STAFF, "科技发展科"),
]
CITY_ACCOUNTS = [("city", "王", "志强", Role.LEADER, "办公室")]
LOGIN_ACCOUNTS = ("admin", "leader", "staff", "auditor", "county2", "city")


def _accounts(bureau, departments, rows, accounts):
    users = {}
    for username, family, given, role, department in rows:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": family,
                "first_name": given,
                "role": role,
                "bureau": bureau,
                "department": departments[department],
                "email": f"{username}@ledger.example.cn",
            },
        )
        password = f"demo-{username}"
        email = f"{username}@ledger.example.cn"
        if created or not user.check_password(password) or user.must_change_password or user.email != email:
            user.set_password(password)
            user.email = email
            user.must_change_password = False  # demo accounts log in with the printed password
            user.save()
        users[username] = user
        if username in LOGIN_ACCOUNTS:
            accounts.append((username, password, f"{Role(role).label} · {bureau}"))
    return users


def load(context):
    province, _ = Bureau.objects.get_or_create(name="浙江省科学技术厅", defaults={"level": BureauLevel.PROVINCE})
    city, _ = Bureau.objects.get_or_create(
        name="丽水市科学技术局", defaults={"level": BureauLevel.CITY, "parent": province}
    )
    bureau, _ = Bureau.objects.get_or_create(
        name="青田县科学技术局",
        # The office's contact for the monthly report (the workbook's 填报人 / 联系电话).
        defaults={
            "level": BureauLevel.COUNTY,
            "parent": city,
            "contact_person": "刘欣亮",
            "contact_phone": "0578-6812345",
        },
    )
    departments = {name: Department.objects.get_or_create(bureau=bureau, name=name)[0] for name in DEPARTMENTS}
    accounts = []
    users = _accounts(bureau, departments, [*ACCOUNTS, AUDITOR], accounts)

    neighbour, _ = Bureau.objects.get_or_create(name=NEIGHBOUR, defaults={"level": BureauLevel.COUNTY, "parent": city})
    neighbour_departments = {
        name: Department.objects.get_or_create(bureau=neighbour, name=name)[0] for name in NEIGHBOUR_DEPARTMENTS
    }
    city_departments = {"办公室": Department.objects.get_or_create(bureau=city, name="办公室")[0]}
    context.update(
        bureau=bureau,
        departments=departments,
        users=users,
        accounts=accounts,
        city=city,
        city_users=_accounts(city, city_departments, CITY_ACCOUNTS, accounts),
        neighbour=neighbour,
        neighbour_departments=neighbour_departments,
        neighbour_users=_accounts(neighbour, neighbour_departments, NEIGHBOUR_ACCOUNTS, accounts),
    )


def walk(item, given_by, *steps):
    """A demo work item's history: given on its own date by `given_by`, then each step on its own day,
    by the people who would have taken it, through the work loop's own rules.

    A step is (step, user, day, opinion) or (step, user, day, opinion, {deadline / values})."""
    from bureau.ledger.lifecycle import WorkEvent, WorkState, record_assignment, take_step

    if item.status != WorkState.PENDING or WorkEvent.objects.of(item).exists():
        # Loaded before (the demo is idempotent), or brought over from before the work loop by its migration.
        return item
    record_assignment(item, given_by, on=item.date)
    for step, user, day, opinion, *extra in steps:
        item, _event = take_step(item, step, user, opinion=opinion, on=day, **(extra[0] if extra else {}))
    return item
