"""Error pages in the site's layout and language (Django's defaults are bare English pages)."""

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from bureau import audit
from bureau.models import AuditAction
from bureau.security_log import refused


def _error(request, status, title, message):
    return render(request, "error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    # Our own BadRequest messages are written for the user; other 400s (suspicious hosts…) stay generic.
    if type(exception) is BadRequest and str(exception):
        return _error(request, 400, _("请求有误"), str(exception))
    return _error(request, 400, _("请求有误"), _("提交的内容无法处理，请返回检查后重试。"))


def permission_denied(request, exception=None):
    refused(request, 403, str(exception or ""))
    audit.record(AuditAction.REFUSED, request=request, target=request.path[:300], detail=str(exception or ""))
    detail = str(exception) if exception and str(exception) else _("您没有权限执行此操作。")
    return _error(request, 403, _("无权访问"), detail)


def page_not_found(request, exception=None):
    return _error(request, 404, _("页面不存在"), _("您要找的页面或记录不存在，可能已被删除或地址有误。"))


def server_error(request):
    # No database or template context processors here: the failure may be the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))


def csrf_failure(request, reason=""):
    refused(request, 403, f"csrf: {reason}")
    audit.record(AuditAction.REFUSED, request=request, target=request.path[:300], detail=f"csrf: {reason}")
    return _error(
        request, 403, _("页面已过期"), _("表单已过期或来源无法验证，请刷新页面后重新提交。您填写的内容未被保存。")
    )


def request_too_large(request, message):
    refused(request, 413, "request too large")
    # The refused body was not read (or only partly): the page must not try to parse it again.
    request._mark_post_parse_error()
    return _error(request, 413, _("上传内容过大"), message)


def stored_file_missing(request, name: str, message: str):
    """A stored file (attachment, closed month's workbook) that the database knows but the disk lost:
    the user is told plainly and the security log keeps the path for whoever restores the backup."""
    refused(request, 404, f"stored file missing: {name}")
    return _error(request, 404, _("文件已丢失"), message)


def stored_file_changed(request, name: str, message: str):
    refused(request, 409, f"stored file changed: {name}")
    return _error(request, 409, _("文件已被改动"), message)


def conflict(request, message: str):
    """What was asked no longer applies (someone acted first): nothing changed."""
    refused(request, 409, "conflict")
    return _error(request, 409, _("操作未执行"), message)
