"""Reads for the dashboard, the JSON summary and the workbook: indicators counted in grouped queries.

Whatever the number of indicators or months, `count_indicators` runs one query per model: each
indicator × period becomes a conditional aggregate of that query.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from bureau.ledger.month import Month
from bureau.models import Bureau

from .indicators import BY_KEY, CATALOGUE, STRANDS, Indicator
from .models import Target

Period = tuple[datetime.date, datetime.date]


@dataclass(frozen=True)
class Scope:
    """Whose records count: the roll-up of a campaign, as one user may read it, optionally one department.

    The one definition of roll-up: the campaign's bureau and every bureau below it that the user may see
    (`restrict(user, "view")`); below the campaign's own bureau, the records of the campaigns the child
    bureaus run over the same months. Every figure, drill-down, breakdown, warning and workbook sheet
    asks `covers` (or `q`), so the rows behind a figure are exactly the records it counts.
    """

    campaign: object
    bureau_ids: frozenset[int]
    department_id: int | None = None

    @classmethod
    def for_user(cls, user, campaign, department_id=None) -> "Scope":
        # The bureaus `restrict(user, "view")` lets through, below the campaign's bureau.
        visible = user.visible_bureau_ids
        if visible == {campaign.bureau_id}:
            return cls(campaign, visible, department_id)  # nothing below it to read: no tree to walk
        below = campaign.bureau.descendant_ids(user.bureau_tree)
        return cls(campaign, frozenset(below) & visible, department_id)

    @classmethod
    def of_bureau(cls, campaign) -> "Scope":
        """The campaign's own bureau alone."""
        return cls(campaign, frozenset({campaign.bureau_id}))

    @classmethod
    def submitted(cls, campaign) -> "Scope":
        """What a bureau submits upward: its own records and, combined, those of every bureau below it."""
        return cls(campaign, frozenset(campaign.bureau.descendant_ids()))

    @property
    def rolls_up(self) -> bool:
        return self.bureau_ids != {self.campaign.bureau_id}

    def q(self, bureau_path="bureau", campaign_path="campaign", department_path="department") -> Q:
        condition = Q(**{f"{bureau_path}__in": self.bureau_ids})
        if self.rolls_up:
            # Child bureaus run campaigns of their own over the same months.
            condition &= Q(**{f"{campaign_path}__start__lte": self.campaign.end}) & Q(
                **{f"{campaign_path}__end__gte": self.campaign.start}
            )
        else:
            condition &= Q(**{campaign_path: self.campaign})
        if self.department_id:
            condition &= Q(**{department_path: self.department_id})
        return condition

    def q_for(self, indicator: Indicator) -> Q:
        return self.q(indicator.bureau_path, indicator.campaign_path, indicator.department_path)

    def covers(self, queryset):
        """The records of `queryset` (a campaign record model's) that this scope counts."""
        return queryset.filter(self.q())


def period_q(indicator: Indicator, period: Period) -> Q:
    start, end = period
    return Q(**{f"{indicator.date_field}__gte": start, f"{indicator.date_field}__lte": end})


def indicator_queryset(indicator: Indicator, scope: Scope, period: Period | None = None, today=None):
    """The records behind one figure (for drill-down lists and independent checks)."""
    today = today or timezone.localdate()
    queryset = indicator.model_class._default_manager.filter(scope.q_for(indicator))
    queryset = queryset.filter(indicator.condition_for(today))
    if period is not None:
        queryset = queryset.filter(period_q(indicator, period))
    return queryset


def count_indicators(indicators, scope: Scope, periods: dict[str, Period], today=None) -> dict[str, dict[str, int]]:
    """{indicator key: {period name: value}}: one aggregate query per model."""
    return count_indicators_by(indicators, scope, periods, today=today)[None]


def count_indicators_by(indicators, scope: Scope, periods: dict[str, Period], groups=None, today=None):
    """{group: {indicator key: {period name: value}}}, `groups` mapping a group to its bureau ids (e.g. each
    child bureau to its subtree); without groups, the whole scope as group None. One query per model either way:
    the groups are a CASE over the bureau column, grouped by."""
    today = today or timezone.localdate()
    by_model: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_model[indicator.model].append(indicator)
    keys = [None] if groups is None else list(groups)
    values: dict = {key: {} for key in keys}
    for members in by_model.values():
        aggregates, names = {}, {}
        for i, indicator in enumerate(members):
            condition = indicator.condition_for(today)
            for j, (name, period) in enumerate(periods.items()):
                for part, aggregate in indicator.aggregates(condition & period_q(indicator, period)).items():
                    aggregates[f"v{i}_{j}_{part}"] = aggregate
                names[f"v{i}_{j}"] = (indicator, name)
        model = members[0].model_class
        # All indicators of a model share the scope paths (they are declared per model).
        queryset = model._default_manager.filter(scope.q_for(members[0]))
        if groups is None:
            found = {None: queryset.aggregate(**aggregates)}
        else:
            path = members[0].bureau_path
            group = Case(
                *(When(**{f"{path}__in": ids}, then=Value(key)) for key, ids in groups.items()),
                output_field=IntegerField(),
            )
            grouped = queryset.annotate(_group=group).order_by().values("_group").annotate(**aggregates)
            found = {row.pop("_group"): row for row in grouped}
        empty = dict.fromkeys(aggregates)
        for key in keys:
            row = found.get(key, empty)
            for alias, (indicator, name) in names.items():
                parts = {k[len(alias) + 1 :]: value for k, value in row.items() if k.startswith(f"{alias}_")}
                values[key].setdefault(indicator.key, {})[name] = indicator.value_of(parts)
    return values


def targets_for(campaign) -> dict[str, int]:
    return dict(Target.objects.filter(campaign=campaign).values_list("indicator", "value"))


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: int
    cumulative: int
    target: int | None

    @property
    def completion(self) -> float | None:
        """Cumulative as a share of the target (1.0 = reached), or None without a target."""
        if not self.target:
            return None
        return self.cumulative / self.target

    @property
    def completion_percent(self) -> int | None:
        return None if self.completion is None else round(self.completion * 100)


def summary_periods(campaign, month: Month | None) -> dict[str, Period]:
    if month is None:
        return {"value": (campaign.start, campaign.end), "cumulative": (campaign.start, campaign.end)}
    start, end = Month(*month).bounds
    return {"value": (start, end), "cumulative": (campaign.start, end)}


def summary_rows(scope: Scope, month: Month | None, indicators=CATALOGUE, values=None) -> list[IndicatorRow]:
    """Every indicator's month value, cumulative value and target, in catalogue order.

    `values` may hold counts already made (with "value" and "cumulative" periods among others)."""
    if values is None:
        values = count_indicators(indicators, scope, summary_periods(scope.campaign, month))
    targets = targets_for(scope.campaign)
    return [
        IndicatorRow(i, values[i.key]["value"], values[i.key]["cumulative"], targets.get(i.key)) for i in indicators
    ]


def rows_by_strand(rows: list[IndicatorRow]) -> list[tuple[str, str, list[IndicatorRow]]]:
    return [(key, label, [r for r in rows if r.indicator.strand == key]) for key, label in STRANDS.items()]


def month_periods(campaign) -> dict[str, Period]:
    return {str(month): month.bounds for month in Month.span(campaign.start, campaign.end)}


def dashboard_figures(scope: Scope, month: Month, indicators=CATALOGUE):
    """The cards (month, cumulative, target) and the monthly series, counted together: one query per model."""
    months = month_periods(scope.campaign)
    values = count_indicators(indicators, scope, {**summary_periods(scope.campaign, month), **months})
    rows = summary_rows(scope, month, indicators, values=values)
    series = {key: [values[key][label] for label in months] for key in values}
    return rows, list(months), series


def bureau_name(scope: Scope) -> str:
    return Bureau.objects.get(pk=scope.campaign.bureau_id).name


__all__ = ["BY_KEY", "CATALOGUE", "Scope", "count_indicators", "summary_rows"]
