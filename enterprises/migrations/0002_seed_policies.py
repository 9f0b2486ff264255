"""Give every existing bureau the standard policy list (new bureaus get it when they are created)."""

from django.db import migrations

# A copy, not an import: a migration must keep meaning what it meant when it was written.
DEFAULT_POLICIES = [
    "高新技术企业认定",
    "研发费用加计扣除",
    "高新技术企业所得税减免",
    "认定后省级财政补助",
    "科技型企业融资支持",
    "人才引进政策",
    "省级科技型中小企业认定",
    "企业研发机构建设",
    "科技成果转化与产学研合作",
]


def seed(apps, schema_editor):
    Bureau = apps.get_model("bureau", "Bureau")
    Policy = apps.get_model("enterprises", "Policy")
    Policy.objects.bulk_create(
        [
            Policy(bureau_id=bureau_id, name=name, order=i)
            for bureau_id in Bureau.objects.values_list("pk", flat=True)
            for i, name in enumerate(DEFAULT_POLICIES, start=1)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial"), ("bureau", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
