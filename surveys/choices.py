from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.TextChoices):
    """Who or what a research visit went to (enterprises have their own app)."""

    DEPARTMENT = "department", _("有关部门")
    INTERMEDIARY = "intermediary", _("科技中介")
    COMMISSIONER = "commissioner", _("科技特派员")
    SCIENCE_WORKER = "science_worker", _("科技工作者")
    FARMER = "farmer", _("农户/种植大户")
    TOWNSHIP_CADRE = "township_cadre", _("乡镇干部")
    OTHER = "other", _("其他")


# The people the bureau serves: visits to them are counted in person-times (走访服务对象人次),
# while departments and intermediaries are counted as distinct subjects.
SERVICE_RECIPIENT_TYPES = (
    SubjectType.COMMISSIONER,
    SubjectType.SCIENCE_WORKER,
    SubjectType.FARMER,
    SubjectType.TOWNSHIP_CADRE,
)


class ResearchMethod(models.TextChoices):
    ON_SITE = "on_site", _("实地走访")
    SYMPOSIUM = "symposium", _("座谈会")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    ONLINE = "online", _("线上交流")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    RATING = "rating", _("评分题（1–5 分）")
    SHORT_TEXT = "short_text", _("填空题")
    LONG_TEXT = "long_text", _("问答题")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
RATING_VALUES = (1, 2, 3, 4, 5)


class QuestionnaireState(models.TextChoices):
    """Not stored: worked out from the questionnaire's dates and its 允许填写 switch."""

    NOT_STARTED = "not_started", _("未开始")
    OPEN = "open", _("填写中")
    CLOSED = "closed", _("已截止")


class ResponseChannel(models.TextChoices):
    ONLINE = "online", _("扫码填写")
    PAPER = "paper", _("纸质录入")


class SuggestionSource(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("调查问卷")
    SYMPOSIUM = "symposium", _("座谈会")
    VISIT = "visit", _("调研走访")
    DIRECT = "direct", _("直接收集")


class SuggestionCategory(models.TextChoices):
    POLICY = "policy", _("科技政策")
    ENTERPRISE = "enterprise", _("企业服务")
    AGRICULTURE = "agriculture", _("农业农村科技")
    TALENT = "talent", _("人才与平台")
    CONDUCT = "conduct", _("工作作风")
    OTHER = "other", _("其他")


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("已收集")
    HANDLING = "handling", _("办理中")
    ANSWERED = "answered", _("已答复")
    ADOPTED = "adopted", _("已采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


OPEN_SUGGESTION_STATUSES = (SuggestionStatus.RECEIVED, SuggestionStatus.HANDLING)


class ReportStatus(models.TextChoices):
    DRAFTING = "drafting", _("撰写中")
    FINISHED = "finished", _("已完成")
