"""Demo organisation: the county bureau under its city and province, departments and three accounts."""

from .choices import BureauLevel, Role
from .models import Bureau, Department, User

DEPARTMENTS = ["办公室", "高新技术科", "农村与社会发展科", "政策法规科"]

ACCOUNTS = [
    # username, family name, given name, role, department
    ("admin", "刘", "欣亮", Role.ADMIN, "办公室"),
    ("leader", "陈", "立新", Role.LEADER, "办公室"),
    ("staff", "吴", "晓燕", Role.STAFF, "高新技术科"),
    ("staff2", "周", "海峰", Role.STAFF, "农村与社会发展科"),
    ("staff3", "叶", "静", Role.STAFF, "政策法规科"),
]
LOGIN_ACCOUNTS = ("admin", "leader", "staff")


def load(context):
    province, _ = Bureau.objects.get_or_create(name="浙江省科学技术厅", defaults={"level": BureauLevel.PROVINCE})
    city, _ = Bureau.objects.get_or_create(
        name="丽水市科学技术局", defaults={"level": BureauLevel.CITY, "parent": province}
    )
    bureau, _ = Bureau.objects.get_or_create(
        name="青田县科学技术局", defaults={"level": BureauLevel.COUNTY, "parent": city}
    )
    departments = {name: Department.objects.get_or_create(bureau=bureau, name=name)[0] for name in DEPARTMENTS}
    users = {}
    accounts = []
    for username, family, given, role, department in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": family,
                "first_name": given,
                "role": role,
                "bureau": bureau,
                "department": departments[department],
            },
        )
        password = f"demo-{username}"
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        users[username] = user
        if username in LOGIN_ACCOUNTS:
            accounts.append((username, password, Role(role).label))
    context.update(bureau=bureau, departments=departments, users=users, accounts=accounts)
