"""The research strand's own pages, beside the generic record pages.

Staff: the questionnaire builder, public links and their QR codes, results and the Excel export, paper
entry, suggestion → rectification. Anyone: the public answer pages (no account, a token in the URL).
"""

import datetime
import io
import re

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bureau import audit
from bureau.ledger.access import Action, allows, can_create, get_record_for_user, require
from bureau.ledger.record_views import RecordCreateView
from bureau.models import AuditAction

from . import public
from .choices import QuestionKind, QuestionnaireState, ResearchMethod, ResponseChannel, SuggestionSource
from .exports import export_responses
from .forms import AnswerCodesForm, AnswerForm, DiscardForm, LinkForm, PaperResponseForm, QuestionForm
from .models import Questionnaire, QuestionnaireLink, ResearchVisit, Response, Suggestion
from .results import group_counts, summarize
from .services import (
    AlreadyRectified,
    AnswerCodeUsed,
    create_rectification_from_suggestion,
    delete_question,
    discard_bursts,
    discard_response,
    generate_answer_codes,
    move_question,
    restore_response,
    submit_response,
)

QR_SCALE = 8


def _refuse(request, status, title, message, back_url=None):
    """A page in the site's layout explaining why an action was refused, with the matching status."""
    context = {"title": title, "message": message, "back_url": back_url}
    return render(request, "surveys/refused.html", context, status=status)


def get_questionnaire_for_user(user, pk) -> Questionnaire:
    return get_record_for_user(Questionnaire.objects, user, pk)


def get_questionnaire_for_change(user, pk) -> Questionnaire:
    questionnaire = get_questionnaire_for_user(user, pk)
    require(user, Action.CHANGE, questionnaire)
    return questionnaire


def get_question_for_change(user, pk, question_pk):
    """The questionnaire `pk` the user may change, and its question `question_pk` (404 if it has none)."""
    questionnaire = get_questionnaire_for_change(user, pk)
    return questionnaire, get_object_or_404(questionnaire.questions, pk=question_pk)


# --- the questionnaire builder -------------------------------------------------------------------


def _refuse_locked(request, questionnaire):
    return _refuse(
        request,
        409,
        _("不能增删题目"),
        _("这份问卷已有答卷，为保证统计口径一致，不能再新增或删除题目；仍可修改题目文字、调整顺序。"),
        questionnaire.get_absolute_url(),
    )


def _question_page(request, form, questionnaire, status=200):
    context = {"form": form, "questionnaire": questionnaire, "question": form.instance}
    return render(request, "surveys/question_form.html", context, status=status)


@login_required
def question_create(request, pk):
    questionnaire = get_questionnaire_for_change(request.user, pk)
    if questionnaire.questions_locked:
        return _refuse_locked(request, questionnaire)
    form = QuestionForm(request.POST if request.method == "POST" else None, questionnaire=questionnaire)
    if request.method != "POST":
        return _question_page(request, form, questionnaire)
    if not form.is_valid():
        return _question_page(request, form, questionnaire, status=400)
    question = form.save()
    messages.success(request, _("已添加题目“%(text)s”。") % {"text": question.text})
    if "add_another" in request.POST:
        return redirect("surveys:question-create", pk=questionnaire.pk)
    return redirect(f"{questionnaire.get_absolute_url()}#question-{question.pk}")


@login_required
def question_edit(request, pk, question_pk):
    questionnaire, question = get_question_for_change(request.user, pk, question_pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None, instance=question, questionnaire=questionnaire
    )
    if request.method != "POST":
        return _question_page(request, form, questionnaire)
    if not form.is_valid():
        return _question_page(request, form, questionnaire, status=400)
    form.save()
    messages.success(request, _("已保存题目修改。"))
    return redirect(f"{questionnaire.get_absolute_url()}#question-{question.pk}")


@login_required
@require_POST
def question_delete(request, pk, question_pk):
    questionnaire, question = get_question_for_change(request.user, pk, question_pk)
    if questionnaire.questions_locked:
        return _refuse_locked(request, questionnaire)
    delete_question(question)
    messages.success(request, _("已删除题目“%(text)s”。") % {"text": question.text})
    return redirect(f"{questionnaire.get_absolute_url()}#questions")


@login_required
@require_POST
def question_move(request, pk, question_pk):
    questionnaire, question = get_question_for_change(request.user, pk, question_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        return _refuse(request, 400, _("请求有误"), _("请选择上移或下移。"), questionnaire.get_absolute_url())
    move_question(question, offset)
    return redirect(f"{questionnaire.get_absolute_url()}#question-{question.pk}")


# --- public links and QR codes -------------------------------------------------------------------


@login_required
def link_create(request, pk):
    questionnaire = get_questionnaire_for_change(request.user, pk)
    form = LinkForm(request.POST if request.method == "POST" else None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        link = form.save()
        messages.success(request, _("已新增填写链接“%(label)s”。") % {"label": link.label})
        return redirect(f"{questionnaire.get_absolute_url()}#links")
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/link_form.html", {"form": form, "questionnaire": questionnaire}, status=status)


@login_required
@require_POST
def link_toggle(request, pk, link_pk):
    questionnaire = get_questionnaire_for_change(request.user, pk)
    link = get_object_or_404(questionnaire.links, pk=link_pk)
    link.is_active = not link.is_active
    link.save()
    if link.is_active:
        messages.success(request, _("已启用链接“%(label)s”。") % {"label": link.label})
    else:
        messages.success(request, _("已停用链接“%(label)s”，扫码将看到“链接已停用”。") % {"label": link.label})
    return redirect(f"{questionnaire.get_absolute_url()}#links")


def _qr_code(request, link):
    return segno.make(request.build_absolute_uri(link.get_public_url()), error="m")


@login_required
@require_GET
def link_qr(request, pk, link_pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    link = get_object_or_404(questionnaire.links, pk=link_pk)
    buffer = io.BytesIO()
    _qr_code(request, link).save(buffer, kind="svg", scale=QR_SCALE, border=4, light="#fff", xmldecl=False)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="questionnaire-{questionnaire.pk}-link-{link.pk}.svg"'
    return response


@login_required
@require_GET
def link_poster(request, pk, link_pk):
    """A printable page: the questionnaire's title, the group, the QR code and the address."""
    questionnaire = get_questionnaire_for_user(request.user, pk)
    link = get_object_or_404(questionnaire.links, pk=link_pk)
    qr = _qr_code(request, link)
    context = {
        "questionnaire": questionnaire,
        "link": link,
        "qr_svg": qr.svg_inline(scale=QR_SCALE, border=4, light="#fff"),
        "public_url": request.build_absolute_uri(link.get_public_url()),
    }
    return render(request, "surveys/link_poster.html", context)


@login_required
def link_codes(request, pk, link_pk):
    """One-time answer codes of a link: how many are used, and a form to generate more."""
    questionnaire = get_questionnaire_for_change(request.user, pk)
    link = get_object_or_404(questionnaire.links, pk=link_pk)
    form = AnswerCodesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = generate_answer_codes(link, form.cleaned_data["count"])
        messages.success(
            request,
            _("已为“%(label)s”生成 %(n)s 个答卷编码；填写该链接须输入编码。") % {"label": link.label, "n": len(codes)},
        )
        return redirect("surveys:link-codes", pk=questionnaire.pk, link_pk=link.pk)
    counts = link.codes.aggregate(total=Count("pk"), used=Count("pk", filter=Q(response__isnull=False)))
    context = {"questionnaire": questionnaire, "link": link, "form": form, **counts}
    return render(request, "surveys/link_codes.html", context, status=400 if form.is_bound else 200)


@login_required
@require_GET
def link_codes_print(request, pk, link_pk):
    """The unused codes as answer slips to print and cut: the QR code, the address and one code each."""
    questionnaire = get_questionnaire_for_change(request.user, pk)
    link = get_object_or_404(questionnaire.links, pk=link_pk)
    context = {
        "questionnaire": questionnaire,
        "link": link,
        "codes": list(link.codes.filter(response__isnull=True)),
        "qr_svg": _qr_code(request, link).svg_inline(scale=3, border=2, light="#fff"),
        "public_url": request.build_absolute_uri(link.get_public_url()),
    }
    return render(request, "surveys/link_codes_print.html", context)


# --- results, export, responses ------------------------------------------------------------------


@login_required
@require_GET
def questionnaire_results(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    groups = group_counts(questionnaire)
    group_key = request.GET.get("group") or None
    if group_key and group_key not in {group.key for group in groups}:
        return _refuse(
            request,
            400,
            _("请求有误"),
            _("没有这个填写对象分组。"),
            reverse("surveys:questionnaire-results", args=[pk]),
        )
    selected = next((group for group in groups if group.key == group_key), None)
    context = {
        "questionnaire": questionnaire,
        "groups": groups,
        "selected_group": selected,
        "total": selected.count if selected else sum(group.count for group in groups),
        "results": summarize(questionnaire, groups, group_key),
        "flagged": list(
            questionnaire.responses.filter(burst=True, discarded_at__isnull=True).select_related("link")[:200]
        ),
        "discarded": list(questionnaire.responses.discarded().select_related("link", "discarded_by")[:200]),
        "discard_form": DiscardForm(),
        "can_change": allows(request.user, Action.CHANGE, questionnaire),
        "can_enter": can_create(request.user) and allows(request.user, Action.CHOOSE, questionnaire),
        "text_kinds": (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT),
    }
    return render(request, "surveys/results.html", context)


def _results_url(questionnaire, anchor="flagged"):
    return f"{reverse('surveys:questionnaire-results', args=[questionnaire.pk])}#{anchor}"


def _discard_refused(request, questionnaire, form):
    message = "；".join(form.errors.get("reason", [])) or _("请填写剔除原因。")
    return _refuse(request, 400, _("未剔除"), message, _results_url(questionnaire))


@login_required
@require_POST
def response_discard(request, pk, response_pk):
    """Set one response aside (kept, recorded in its history, counted by no figure)."""
    questionnaire = get_questionnaire_for_change(request.user, pk)
    response = get_object_or_404(questionnaire.responses, pk=response_pk)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        return _discard_refused(request, questionnaire, form)
    if not response.is_discarded:
        discard_response(response, request.user, form.cleaned_data["reason"])
    messages.success(request, _("已剔除%(response)s，不再计入统计，可随时恢复。") % {"response": response})
    return redirect(_results_url(questionnaire))


@login_required
@require_POST
def response_restore(request, pk, response_pk):
    questionnaire = get_questionnaire_for_change(request.user, pk)
    response = get_object_or_404(questionnaire.responses, pk=response_pk)
    if response.is_discarded:
        restore_response(response, request.user)
        messages.success(request, _("已恢复%(response)s，重新计入统计。") % {"response": response})
    return redirect(_results_url(questionnaire, "discarded"))


@login_required
@require_POST
def responses_discard_bursts(request, pk):
    """Discard at once every response flagged as part of a burst."""
    questionnaire = get_questionnaire_for_change(request.user, pk)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        return _discard_refused(request, questionnaire, form)
    n = discard_bursts(questionnaire, request.user, form.cleaned_data["reason"])
    messages.success(request, _("已剔除 %(n)s 份疑似集中提交的答卷，不再计入统计，可随时恢复。") % {"n": n})
    return redirect(_results_url(questionnaire))


@login_required
@require_GET
def questionnaire_export(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    audit.record(AuditAction.EXPORT, request=request, target=f"答卷 {questionnaire}")
    return export_responses(questionnaire)


@login_required
def response_create(request, pk):
    """Staff type in a paper questionnaire; required questions may stay empty as on the paper."""
    questionnaire = get_questionnaire_for_user(request.user, pk)
    require(request.user, Action.CHOOSE, questionnaire, _("只能为本单位的问卷录入纸质答卷。"))
    questions = list(questionnaire.questions.all())
    if not questions:
        return _refuse(
            request, 409, _("问卷没有题目"), _("请先添加题目，再录入纸质答卷。"), questionnaire.get_absolute_url()
        )
    form = PaperResponseForm(
        request.POST if request.method == "POST" else None, questions=questions, questionnaire=questionnaire
    )
    if request.method == "POST" and form.is_valid():
        filled_on = form.cleaned_data["filled_on"]
        submitted_at = (
            timezone.now()
            if filled_on == timezone.localdate()
            else timezone.make_aware(datetime.datetime.combine(filled_on, datetime.time(12)))
        )
        response = submit_response(
            questionnaire,
            form.answers(),
            channel=ResponseChannel.PAPER,
            link=form.cleaned_data["link"],
            entered_by=request.user,
            submitted_at=submitted_at,
        )
        messages.success(request, _("已录入%(response)s。") % {"response": response})
        if "add_another" in request.POST:
            return redirect("surveys:response-create", pk=questionnaire.pk)
        return redirect("surveys:questionnaire-results", pk=questionnaire.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/response_form.html", {"form": form, "questionnaire": questionnaire}, status=status)


@login_required
@require_GET
def response_detail(request, pk, response_pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    response = get_object_or_404(questionnaire.responses.select_related("link", "entered_by"), pk=response_pk)
    answers = {answer.question_id: answer for answer in response.answers.all()}
    rows = [(number, q, answers.get(q.pk)) for number, q in enumerate(questionnaire.questions.all(), start=1)]
    context = {
        "questionnaire": questionnaire,
        "response": response,
        "rows": rows,
        "can_suggest": can_create(request.user) and allows(request.user, Action.CHOOSE, questionnaire),
        "suggestions": list(response.suggestions.filter(deleted_at__isnull=True)),
    }
    return render(request, "surveys/response_detail.html", context)


# --- suggestions ---------------------------------------------------------------------------------


def _int_param(request, name):
    value = request.GET.get(name, "")
    # "²".isdigit() is true but int("²") fails: only ASCII digits are an id.
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


class SuggestionCreateView(RecordCreateView):
    """The generic create page, prefilled when it is opened from a questionnaire answer or a visit."""

    def get_initial(self):
        initial = super().get_initial()
        user = self.request.user
        response_id, visit_id = _int_param(self.request, "response"), _int_param(self.request, "visit")
        if response_id:
            response = (
                Response.objects.restrict(user, Action.CHOOSE)
                .live()
                .filter(pk=response_id)
                .select_related("questionnaire", "link")
                .first()
            )
            if response is not None:
                texts = [a.text for a in response.answers.select_related("question").order_by("question__position")]
                initial.update(
                    source=SuggestionSource.QUESTIONNAIRE,
                    campaign=response.questionnaire.campaign_id,
                    questionnaire=response.questionnaire_id,
                    response=response.pk,
                    date=timezone.localdate(response.submitted_at),
                    raised_by=_("问卷填写人（%(group)s）") % {"group": response.link.label}
                    if response.link
                    else _("问卷填写人"),
                    content="\n".join(text for text in texts if text),
                )
        elif visit_id:
            visit = (
                ResearchVisit.objects.restrict(user, Action.CHOOSE)
                .filter(pk=visit_id)
                .select_related("subject")
                .first()
            )
            if visit is not None:
                initial.update(
                    source=SuggestionSource.SYMPOSIUM
                    if visit.method == ResearchMethod.SYMPOSIUM
                    else SuggestionSource.VISIT,
                    campaign=visit.campaign_id,
                    visit=visit.pk,
                    date=visit.date,
                    raised_by=visit.subject.name,
                )
        return initial


@login_required
@require_POST
def suggestion_rectify(request, pk):
    suggestion = get_record_for_user(Suggestion.objects, request.user, pk)
    require(request.user, Action.CHANGE, suggestion)
    try:
        rectification = create_rectification_from_suggestion(suggestion, request.user)
    except ValidationError as error:
        # e.g. today's month is closed for new problem-list items
        return _refuse(request, 409, _("不能转为整改事项"), " ".join(error.messages), suggestion.get_absolute_url())
    except AlreadyRectified as error:
        return _refuse(
            request,
            409,
            _("已转为整改事项"),
            _("这条意见建议已经转为整改事项，不会重复创建。"),
            error.rectification.get_absolute_url() if error.rectification else suggestion.get_absolute_url(),
        )
    messages.success(request, _("已转为整改事项，请补充整改措施、责任人和整改时限。"))
    return redirect("campaigns:rectification-edit", pk=rectification.pk)


# --- public answer pages -------------------------------------------------------------------------


def _public_message(request, status, title, message, questionnaire=None):
    context = {"title": title, "message": message, "questionnaire": questionnaire}
    return render(request, "surveys/public_message.html", context, status=status)


TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _live_link(token):
    # A token make_token() cannot have produced is unknown without asking the database (which refuses NUL).
    if not TOKEN_SHAPE.match(token):
        return None
    return (
        QuestionnaireLink.objects.select_related("questionnaire")
        .filter(token=token, questionnaire__deleted_at__isnull=True)
        .first()
    )


def _refusal(request, link):
    """Why this link may not be answered now (a page with its 4xx status), or None."""
    if link is None:
        return _public_message(
            request,
            404,
            _("问卷链接无效"),
            _("没有找到这份问卷。请核对链接是否完整，或重新扫描工作人员提供的二维码。"),
        )
    questionnaire = link.questionnaire
    if not link.is_active:
        return _public_message(request, 410, _("链接已停用"), _("这个填写链接已停用，感谢您的关注。"), questionnaire)
    state = questionnaire.state()
    if state == QuestionnaireState.CLOSED:
        return _public_message(
            request, 410, _("问卷已截止"), _("本问卷已停止收集答卷，您的回答未被提交。感谢您的关注！"), questionnaire
        )
    if state == QuestionnaireState.NOT_STARTED:
        return _public_message(
            request,
            403,
            _("问卷尚未开始"),
            _("本问卷将于 %(date)s 开始填写，请届时再来。") % {"date": questionnaire.opens_on.isoformat()},
            questionnaire,
        )
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token):
    link = _live_link(token)
    refusal = _refusal(request, link)
    if refusal is not None:
        return refusal
    questionnaire = link.questionnaire
    questions = list(questionnaire.questions.all())
    if not questions:
        return _public_message(request, 403, _("问卷尚在准备中"), _("这份问卷还没有题目，请稍后再试。"), questionnaire)
    status = 200
    # With one-time codes each code answers once: that, not the address or the cookie, is the limit
    # (a service event's respondents share the venue's Wi-Fi, and one phone may pass round several slips).
    by_code = link.requires_code
    if request.method == "POST":
        key = public.client_key(request)
        if not by_code and public.too_many_responses(key):
            response = _public_message(
                request,
                429,
                _("提交过于频繁"),
                _("同一网络在一小时内提交的答卷过多，您的回答未被提交，请稍后再试。"),
                questionnaire,
            )
            response["Retry-After"] = "3600"
            return response
        if not by_code and public.has_answered(request, questionnaire):
            return _public_message(
                request, 409, _("您已提交过本问卷"), _("每人填写一次即可，无需重复提交。感谢您的参与！"), questionnaire
            )
        form = AnswerForm(request.POST, questions=questions, link=link)
        if form.is_valid():
            try:
                submit_response(
                    questionnaire,
                    form.answers(),
                    channel=ResponseChannel.ONLINE,
                    link=link,
                    client_key=key,
                    answer_code=form.cleaned_data.get("answer_code"),
                )
            except AnswerCodeUsed:
                return _public_message(
                    request,
                    409,
                    _("编码已使用"),
                    _("这个编码刚刚已提交过答卷，每个编码只能使用一次，您的回答未被重复提交。"),
                    questionnaire,
                )
            response = redirect("surveys:answer-thanks", token=token)
            public.mark_answered(response, questionnaire)
            return response
        status = 400
    elif not by_code and public.has_answered(request, questionnaire):
        return render(request, "surveys/public_thanks.html", {"questionnaire": questionnaire, "already": True})
    else:
        form = AnswerForm(questions=questions, link=link)
    context = {"questionnaire": questionnaire, "link": link, "form": form}
    return render(request, "surveys/public_answer.html", context, status=status)


@never_cache
@require_GET
def answer_thanks(request, token):
    link = _live_link(token)
    if link is None:
        return _refusal(request, None)
    return render(request, "surveys/public_thanks.html", {"questionnaire": link.questionnaire})
