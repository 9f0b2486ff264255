"""Reading the campaign, month and department a report page is asked for; bad values are 400/404."""

import datetime
import re

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.ledger.access import Action
from bureau.models import Department
from campaigns.models import Campaign

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _is_id(text) -> bool:
    """Plain ASCII digits: "²" passes str.isdigit(), but int() and the database refuse it."""
    text = str(text)
    return text.isascii() and text.isdigit()


def parse_month(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    match = MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2999:
        raise BadRequest(_("月份格式应为 YYYY-MM，例如 2019-10。"))
    return int(match[1]), int(match[2])


def campaign_for(user, campaign_id: str | None) -> Campaign:
    """The requested campaign among the user's bureaus, else the user's bureau's active campaign."""
    campaigns = Campaign.objects.restrict(user, Action.VIEW).select_related("bureau")
    if campaign_id:
        if not _is_id(campaign_id):
            raise BadRequest(_("主题教育编号无效。"))
        campaign = campaigns.filter(pk=campaign_id).first()
        if campaign is None:
            raise Http404(_("没有这个主题教育。"))
        return campaign
    campaign = campaigns.filter(bureau_id=user.bureau_id, is_active=True).order_by("-start", "-pk").first()
    if campaign is None:
        raise Http404(_("本单位目前没有进行中的主题教育。"))
    return campaign


def default_month(campaign, today: datetime.date | None = None) -> tuple[int, int]:
    """This month while the campaign runs; its last month once it is over; its first before it starts."""
    today = today or timezone.localdate()
    day = min(max(today, campaign.start), campaign.end)
    return day.year, day.month


def department_for(user, department_id: str | None) -> int | None:
    if not department_id:
        return None
    if (
        not _is_id(department_id)
        or not Department.objects.restrict(user, Action.VIEW).filter(pk=department_id).exists()
    ):
        raise BadRequest(_("科室无效。"))
    return int(department_id)
