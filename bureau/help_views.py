"""使用说明: one short page per strand and per role, for every signed-in user (the auditor included).

The texts are templates under templates/help/ (one per slug), so they are translated like every other
page; the screenshots beside them are static files under static/help/, drawn by `make screenshots`.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

STRAND, ROLE = "strand", "role"


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    summary: str
    group: str

    @property
    def template_name(self) -> str:
        return f"help/{self.slug}.html"


PAGES = (
    HelpPage("study", _("学习教育"), _("学习活动、个人自学和参学人次怎样记。"), STRAND),
    HelpPage("research", _("调查研究"), _("调研专题、调研走访、调查问卷、意见建议和调研报告。"), STRAND),
    HelpPage("enterprise", _("服务企业"), _("企业名录、走访送政策、企业问题办理、资质申报和合作协议。"), STRAND),
    HelpPage("rectification", _("检视整改"), _("问题清单、整改办理、实施方案任务、预警和延期。"), STRAND),
    HelpPage("reports", _("统计报表"), _("工作看板、逐项查看、月报导出与报送、目标。"), STRAND),
    HelpPage("staff", _("科员"), _("录入记录、办理交给自己的事项。"), ROLE),
    HelpPage("leader", _("局领导"), _("看进度、审核销号和延期、报送月报。"), ROLE),
    HelpPage("admin", _("管理员"), _("系统设置：单位、科室、账户、主题教育、调研对象和政策。"), ROLE),
    HelpPage("auditor", _("审计员"), _("查看审计日志和全站修改记录。"), ROLE),
    HelpPage("parent", _("上级单位"), _("市、省科技局：汇总看板、下级报送情况、审核与退回。"), ROLE),
)
BY_SLUG = {page.slug: page for page in PAGES}
GROUPS = ((_("按工作"), STRAND), (_("按角色"), ROLE))


def _sections():
    return [{"label": label, "pages": [p for p in PAGES if p.group == group]} for label, group in GROUPS]


@login_required
@require_GET
def index(request):
    return render(request, "help/index.html", {"sections": _sections()})


@login_required
@require_GET
def page(request, slug):
    help_page = BY_SLUG.get(slug)
    if help_page is None:
        raise Http404(_("没有这篇使用说明。"))
    return render(request, help_page.template_name, {"sections": _sections(), "page": help_page})
