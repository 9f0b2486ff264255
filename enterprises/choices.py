from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitPurpose(models.TextChoices):
    RESEARCH = "research", _("调研")
    POLICY = "policy", _("送政策")
    SERVICE = "service", _("服务")
    FOLLOW_UP = "follow_up", _("回访")


class IssueCategory(models.TextChoices):
    TECHNOLOGY = "technology", _("技术")
    FINANCING = "financing", _("融资")
    TALENT = "talent", _("人才")
    POLICY = "policy", _("政策")
    MARKET = "market", _("市场")
    OTHER = "other", _("其他")


class IssueOutcome(models.TextChoices):
    """How a problem was closed off; what 申请销号 states and the leader's 销号 confirms."""

    RESOLVED = "resolved", _("已解决")
    UNRESOLVABLE = "unresolvable", _("无法解决")


class Satisfaction(models.TextChoices):
    """The enterprise's view after a problem is solved (回访); 不满意 reopens the problem."""

    SATISFIED = "satisfied", _("满意")
    FAIRLY_SATISFIED = "fairly_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class ApplicationKind(models.TextChoices):
    """What an enterprise applies for; an approved application becomes a qualification of the same kind."""

    NATIONAL_HIGH_TECH = "national_high_tech", _("国家高新技术企业")
    PROVINCIAL_SME = "provincial_sme", _("省级科技型中小企业")
    PROVINCIAL_RESEARCH_INSTITUTE = "provincial_research_institute", _("省级企业研究院")
    PROVINCIAL_RD_CENTRE = "provincial_rd_centre", _("省级高新技术企业研发中心")
    OTHER = "other", _("其他")


class ApplicationStatus(models.TextChoices):
    PREPARING = "preparing", _("准备中")
    FILED = "filed", _("已申报")
    APPROVED = "approved", _("已认定")
    REJECTED = "rejected", _("未通过")


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("高等院校")
    RESEARCH_INSTITUTE = "research_institute", _("科研院所")
    OTHER = "other", _("其他")


class AgreementKind(models.TextChoices):
    STRATEGIC = "strategic", _("战略合作协议")
    PLATFORM = "platform", _("共建创新平台")
    TECH_TRANSFER = "tech_transfer", _("技术转移")
