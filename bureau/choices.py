from django.db import models
from django.utils.translation import gettext_lazy as _


class BureauLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class Role(models.TextChoices):
    STAFF = "staff", _("科员")
    LEADER = "leader", _("局领导")
    ADMIN = "admin", _("管理员")
    # 等保2.0 separation of duties: reads the audit trail and the change log, nothing else.
    AUDITOR = "auditor", _("审计员")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("照片")
    SIGN_IN = "sign_in", _("签到表")
    DOCUMENT = "document", _("文档")
