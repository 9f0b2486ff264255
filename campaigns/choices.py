from django.db import models
from django.utils.translation import gettext_lazy as _

# The supervision colours belong to every work item; they are defined once in the ledger.
from bureau.ledger.work_items import Warning as Warning


class StudyKind(models.TextChoices):
    CENTRAL_GROUP = "central_group", _("党组中心组理论学习")
    COLLECTIVE = "collective", _("党员集中学习")
    SEMINAR = "seminar", _("专题研讨")
    SELF_STUDY = "self_study", _("个人自学")
    PRACTICE = "practice", _("实践教育")
    DELIVERED = "delivered", _("送学上门")


class RectificationSource(models.TextChoices):
    LEADERSHIP = "leadership", _("班子查摆")
    INDIVIDUAL = "individual", _("个人查摆")
    RESEARCH = "research", _("调研发现")
    QUESTIONNAIRE = "questionnaire", _("问卷反馈")
    ENTERPRISE = "enterprise", _("企业反映")
    OTHER = "other", _("其他")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE = "office", _("办公室成员")
