from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.ledger.access import Action, get_record_for_user, require

from .models import Rectification
from .services import home_summary


@login_required
def home(request):
    return render(request, "home.html", home_summary(request.user))


@login_required
@require_POST
def verify_rectification(request, pk):
    rectification = get_record_for_user(Rectification.objects, request.user, pk)
    require(request.user, Action.VERIFY, rectification, _("只有本单位的局领导或管理员可以验收整改事项。"))
    if not rectification.can_be_verified:
        messages.error(request, _("只有状态为“已整改”的事项才能验收。"))
        response = render(request, "campaigns/verify_refused.html", {"record": rectification}, status=409)
        return response
    try:
        rectification.verify(request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return render(request, "campaigns/verify_refused.html", {"record": rectification}, status=409)
    messages.success(request, _("已验收：%(record)s") % {"record": rectification})
    return redirect(rectification.get_absolute_url())
