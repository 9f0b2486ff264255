"""Generic pages for any record type: list, detail, create, edit, delete (to the recycle bin), attach."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import generic
from django_filters.views import FilterView

from bureau.ledger.access import Action, Permissions, can_create, get_record_for_user, require
from bureau.ledger.forms import AttachmentForm
from bureau.ledger.history import describe_history, revert_to_version
from bureau.ledger.period_locks import refuse_if_attachments_locked
from bureau.ledger.records import StaleEdit, move_to_bin

SUBMITTED_KEY = "submitted_forms"
SUBMITTED_KEPT = 50


class RecordTypeMixin(LoginRequiredMixin):
    record_type = None

    @property
    def model(self):
        return self.record_type.model

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, Action.VIEW)

    def get_object(self, queryset=None):
        return get_record_for_user(self.model.objects, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record_type"] = self.record_type
        context["verbose_name"] = self.model._meta.verbose_name
        context["verbose_name_plural"] = self.model._meta.verbose_name_plural
        context["list_url"] = reverse(self.record_type.url_name("list"))
        context["create_url"] = reverse(self.record_type.url_name("create"))
        context["can_create"] = self.record_type.can_create(self.request.user)
        return context


# Columns a list may show besides the model's fields: name → label.
EXTRA_COLUMNS = {"warning": _lazy("预警")}


def list_columns(record_type) -> list[tuple[str, str]]:
    """(name, label) of a list's columns: its fields' names, and "warning" for a work item's colour."""
    fields = {f.name: f for f in record_type.model._meta.get_fields()}
    return [
        (name, EXTRA_COLUMNS[name] if name in EXTRA_COLUMNS else fields[name].verbose_name)
        for name in record_type.list_columns
    ]


class RecordListView(RecordTypeMixin, FilterView):
    template_name = "ledger/list.html"
    paginate_by = 20
    context_object_name = "records"

    def get_queryset(self):
        related = ("department", "recorded_by", *self.record_type.list_select_related)
        queryset = super().get_queryset().select_related(*related).prefetch_related("attachments")
        if self.record_type.work_item:
            # What needs doing first comes first: overdue, then red, yellow and blue by deadline.
            queryset = queryset.by_urgency()
        return queryset

    def get_filterset_class(self):
        return self.record_type.filterset_class

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = list_columns(self.record_type)
        record_type, user = self.record_type, self.request.user
        context["import_url"] = record_type.import_url() if record_type.importable else None
        if record_type.work_item:
            context["bulk"] = {
                "assign": record_type.url("bulk-assign") if user.can_verify else None,
                "extend": record_type.url("bulk-extend") if user.can_verify else None,
                "export": record_type.url("bulk-export"),
            }
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context

    # An unfiltered list is what a user first sees: FilterView's strict mode would show nothing on bad input.
    strict = False


class RecordDetailView(RecordTypeMixin, generic.DetailView):
    context_object_name = "record"

    def get_template_names(self):
        return [self.record_type.detail_template]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        # By default a record shows what its form asks for (recorder and stamps are added by the template).
        names = self.record_type.detail_fields or self.record_type.form_class._meta.fields
        fields = {f.name: f for f in self.model._meta.get_fields()}
        context["detail_fields"] = [(fields[name].verbose_name, name) for name in names]
        context["attachments"] = list(record.attachments.all())
        context["may"] = may = Permissions(self.request.user, record)
        context["can_change"] = may[Action.CHANGE]
        context["attachment_form"] = AttachmentForm()
        if self.record_type.work_item:
            # The work loop's panel: the state, the steps this user may take, the dated timeline.
            context["steps"] = record.steps_for(self.request.user)
            context["work_events"] = list(record.events().prefetch_related("evidence"))
        return context


class RecordFormMixin(RecordTypeMixin):
    template_name = "ledger/form.html"

    def get_form_class(self):
        return self.record_type.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def refuse_over_quota(self, form, record):
        """The form page again (400) when the new files would take the record past its attachment quota."""
        from bureau.ledger.uploads import check_record_quota

        try:
            check_record_quota(record, form.cleaned_data.get("attachment_files") or [])
        except ValidationError as error:
            form.add_error("attachment_files", error)
            return self.form_invalid(form)
        return None

    def save_attachments(self, form):
        from bureau.ledger.uploads import store_attachment

        for upload, mime in form.cleaned_data.get("attachment_files") or []:
            kind = form.cleaned_data.get("attachment_kind") or "photo"
            store_attachment(self.object, upload, mime, self.request.user, kind)


class RecordCreateView(RecordFormMixin, generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not can_create(user):
            raise PermissionDenied(_("您的账户尚未分配单位，不能录入记录。请联系管理员。"))
        if user.is_authenticated and not self.record_type.can_create(user):
            raise PermissionDenied(_("只有管理员可以新增%(kind)s。") % {"kind": self.model._meta.verbose_name})
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        token = form.cleaned_data.get("submission_token")
        done = self.request.session.get(SUBMITTED_KEY, {})
        if token and token in done:
            messages.info(self.request, _("这张表单刚才已经提交并保存过，没有重复保存。"))
            return redirect(done[token])
        refusal = self.refuse_over_quota(form, None)
        if refusal is not None:
            return refusal
        # The record and its attachments are saved together or not at all (ATOMIC_REQUESTS adds the transaction).
        self.object = form.save()
        self.save_attachments(form)
        if token:
            done[token] = self.object.get_absolute_url()
            self.request.session[SUBMITTED_KEY] = dict(list(done.items())[-SUBMITTED_KEPT:])
        messages.success(self.request, _("已保存“%(record)s”。") % {"record": self.object})
        return redirect(self.object.get_absolute_url())


class RecordUpdateView(RecordFormMixin, generic.UpdateView):
    context_object_name = "record"

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        require(self.request.user, Action.CHANGE, record)
        return record

    def form_valid(self, form):
        refusal = self.refuse_over_quota(form, self.object)
        if refusal is not None:
            return refusal
        try:
            self.object = form.save()
        except StaleEdit:
            # Another save from the same version got in first, between this form's check and its write.
            form.mark_stale(form.cleaned_data["opened_version"])
            return self.form_invalid(form)
        self.save_attachments(form)
        messages.success(self.request, _("已保存修改。"))
        return redirect(self.object.get_absolute_url())


@dataclass(frozen=True)
class Confirmation:
    """What templates/ledger/confirm.html asks before a destructive action."""

    action: str
    question: str
    cancel_url: str
    consequence: str = ""
    irreversible: bool = False


class RecordDeleteView(RecordTypeMixin, generic.DetailView):
    template_name = "ledger/confirm.html"
    context_object_name = "record"

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        require(self.request.user, Action.DELETE, record)
        return record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context["confirm"] = Confirmation(
            action=_("确认删除"),
            question=_("确定要删除%(kind)s“%(record)s”吗？")
            % {"kind": self.model._meta.verbose_name, "record": record},
            consequence=_("删除后记录会移入回收站，本人或管理员可以恢复；统计中将不再计入。"),
            cancel_url=record.get_absolute_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        move_to_bin(record, request.user)
        messages.success(request, _("已将“%(record)s”移入回收站，可在回收站中恢复。") % {"record": record})
        return redirect(self.record_type.url_name("list"))


class AttachmentUploadView(RecordDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from bureau.ledger.uploads import check_record_quota, store_attachment

        self.object = record = self.get_object()
        require(request.user, Action.CHANGE, record)
        refuse_if_attachments_locked(record)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                check_record_quota(record, form.cleaned_data["files"])
            except ValidationError as error:
                form.add_error("files", error)
        if not form.is_valid():
            context = self.get_context_data(object=record)
            context["attachment_form"] = form
            return self.render_to_response(context, status=400)
        for upload, mime in form.cleaned_data["files"]:
            store_attachment(record, upload, mime, request.user, form.cleaned_data["kind"])
        messages.success(request, _("附件已上传。"))
        return redirect(record.get_absolute_url())


class RecordHistoryView(RecordDetailView):
    """Every saved version of a record, newest first, with what changed field by field."""

    def get_template_names(self):
        return ["ledger/history.html"]

    def get_object(self, queryset=None):
        # A record in the recycle bin keeps its history readable (the change log links to it).
        return get_record_for_user(self.model.all_objects, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = describe_history(self.object)
        return context


class RecordRevertView(RecordTypeMixin, generic.View):
    """Bring back the field values of an earlier version (itself recorded as a new version)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        require(request.user, Action.CHANGE, record)
        version = record.history.filter(history_id=self.kwargs["history_id"]).first()
        if version is None:
            raise Http404(_("没有这个历史版本。"))
        try:
            revert_to_version(record, version, request.user)
        except ValidationError as error:
            context = {"record": record, "record_type": self.record_type, "reasons": error.messages}
            return render(request, "ledger/revert_refused.html", context, status=409)
        messages.success(
            request,
            _("已恢复到 %(when)s 的版本。") % {"when": localtime(version.history_date).strftime("%Y-%m-%d %H:%M")},
        )
        return redirect(record.get_absolute_url())
