"""List filters shared by every record type (text search, date range, department) and by every work item
(colour, overdue)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.ledger.access import Action, restricted_manager
from bureau.ledger.forms import DateInput
from bureau.ledger.work_items import Warning
from bureau.models import Department


class RecordFilterSet(django_filters.FilterSet):
    """Subclasses set Meta.model, Meta.fields (choice fields such as kind or status) and `search_fields`.

    Every choice among other rows (department, people, policies, topics…) offers what the user may see.
    """

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(label=_("搜索"), method="filter_text")
    date_from = django_filters.DateFilter(label=_("起始日期"), method="filter_date_from", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("截止日期"), method="filter_date_to", widget=DateInput())
    department = django_filters.ModelChoiceFilter(label=_("科室"), queryset=Department.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                model = filter_.queryset.model
                queryset = restricted_manager(model).restrict(user, Action.VIEW)
                if hasattr(model, "deleted_at"):
                    queryset = queryset.filter(deleted_at__isnull=True)
                filter_.queryset = queryset
                self.form.fields[name].queryset = queryset
                self.form.fields[name].empty_label = _("全部")

    @property
    def date_field(self):
        return self._meta.model.date_field

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})


YES_NO = forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))])


class WorkItemFilterSet(RecordFilterSet):
    """The filters of a work item's list: its supervision colour and whether it is overdue."""

    warning = django_filters.ChoiceFilter(
        label=_("预警"), choices=Warning.choices, method="filter_warning", empty_label=_("全部")
    )
    overdue = django_filters.BooleanFilter(label=_("已逾期"), widget=YES_NO, method="filter_overdue")

    def filter_warning(self, queryset, name, value):
        return queryset.with_colour(value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
