"""The navigation bar, by strand. Entries whose pages do not exist yet are left out."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    (
        _("学习教育"),
        [
            (_("学习活动"), "campaigns:studysession-list"),
            (_("实施方案任务"), "campaigns:plantask-list"),
        ],
    ),
    (
        _("调查研究"),
        [
            (_("调研走访"), "surveys:researchvisit-list"),
            (_("调查问卷"), "surveys:questionnaire-list"),
            (_("意见建议"), "surveys:suggestion-list"),
            (_("调研报告"), "surveys:researchreport-list"),
        ],
    ),
    (
        _("服务企业"),
        [
            (_("企业名录"), "enterprises:enterprise-list"),
            (_("走访企业"), "enterprises:enterprisevisit-list"),
            (_("企业问题"), "enterprises:enterpriseissue-list"),
            (_("资质申报"), "enterprises:application-list"),
            (_("合作协议"), "enterprises:cooperationagreement-list"),
        ],
    ),
    (
        _("检视整改"),
        [
            (_("问题清单与整改"), "campaigns:rectification-list"),
        ],
    ),
    (
        _("统计报表"),
        [
            (_("工作看板"), "reports:dashboard"),
            (_("月报导出与报送"), "reports:monthly"),
            (_("目标设置"), "reports:targets"),
        ],
    ),
]

# The auditor's whole navigation (their role reads nothing of the ledger itself).
AUDITOR_NAVIGATION = [(_("审计"), [(_("审计日志"), "bureau:audit-trail"), (_("全站修改记录"), "bureau:change-log")])]

# Who may follow an entry beyond everyone with a bureau: a link that would answer 403 is not shown.
ONLY_FOR = {"reports:targets": lambda user: user.is_admin}


def _resolved_navigation(user):
    strands = []
    for label, entries in AUDITOR_NAVIGATION if user.is_auditor else NAVIGATION:
        links = []
        for entry_label, url_name in entries:
            if url_name in ONLY_FOR and not ONLY_FOR[url_name](user):
                continue
            try:
                links.append({"label": entry_label, "url": reverse(url_name)})
            except NoReverseMatch:
                continue
        if links:
            strands.append({"label": label, "links": links})
    return strands


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"navigation": _resolved_navigation(request.user)}
