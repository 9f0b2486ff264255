"""The breakdown of a roll-up by the bureaus directly below: what a city leader compares the counties by.

The parts are the campaign bureau's own records (本级) and each child bureau's whole subtree, counted in the
same grouped queries as the totals (`count_indicators_by`), so for every additive indicator the total is the
sum of the parts. Children are ranked by outcomes — completion against their targets, on-time close-off,
overdue items, on-time reporting — never by how much they record.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bureau.ledger.month import Month
from bureau.models import Bureau, bureau_tree, subtree_ids

from .forms import targetable
from .indicators import CATALOGUE, STRANDS
from .models import Target
from .outcomes import Outcome, outcomes_by
from .selectors import Scope, count_indicators_by, summary_periods
from .submissions import MISSING, ChildReport, board

ADDITIVE = ("count", "distinct", "sum")


@dataclass
class Part:
    bureau: Bureau
    own: bool
    live: dict
    report: ChildReport | None = None
    targets: dict = field(default_factory=dict)
    outcome: Outcome = field(default_factory=lambda: Outcome(""))

    @property
    def label(self) -> str:
        return _("%(bureau)s（本级）") % {"bureau": self.bureau.name} if self.own else self.bureau.name

    @property
    def submitted(self) -> dict | None:
        """The figures as the latest version reported them (None before anything was reported, or once the
        bureau below withdrew its report by re-opening the month)."""
        if self.report is None or self.report.status == MISSING:
            return None
        return self.report.latest.figures

    @property
    def completion(self) -> float | None:
        """Mean completion of the child's own targets, each capped at 100 %, in percent."""
        reached = {key: self.live.get(key, {}).get("cumulative") for key in self.targets}
        shares = [min(reached[key] / target, 1) for key, target in self.targets.items() if reached[key] is not None]
        return round(100 * sum(shares) / len(shares), 1) if shares else None

    def rank_key(self):
        def desc(value):
            # Best first; nothing to measure ranks after every measured value, 0 included.
            return 1 if value is None else -value

        report_rate = self.report.on_time_rate if self.report else None
        return (desc(self.completion), desc(self.outcome.on_time_rate), self.outcome.overdue, desc(report_rate))


@dataclass
class Breakdown:
    month: Month | None
    own: Part
    children: list[Part]  # ranked, best first
    total: dict

    @property
    def parts(self) -> list[Part]:
        return [self.own, *self.children]

    def rows(self, figures: str = "live"):
        """Per indicator: (indicator, [cumulative per part], total) — as submitted when asked, for the children."""
        rows = []
        for indicator in CATALOGUE:
            cells = []
            for part in self.parts:
                source = part.live if part.own or figures == "live" else part.submitted
                cells.append(source.get(indicator.key, {}).get("cumulative") if source else None)
            total = self.total[indicator.key]["cumulative"] if figures == "live" else None
            rows.append((indicator, cells, total))
        return rows

    def by_strand(self, figures: str = "live"):
        """`rows` by strand for a table: [(key, label, [(indicator, cells, total)])], each cell {"label" (the
        part's), "value", "missing"} — missing when a bureau below has reported nothing to show as submitted."""
        grouped: dict[str, list] = {key: [] for key in STRANDS}
        for indicator, values, total in self.rows(figures):
            cells = [
                {
                    "label": part.label,
                    "value": value,
                    "missing": figures == "submitted" and not part.own and part.submitted is None,
                }
                for part, value in zip(self.parts, values, strict=True)
            ]
            grouped[indicator.strand].append((indicator, cells, total))
        return [(key, label, grouped[key]) for key, label in STRANDS.items()]


def breakdown(
    scope: Scope,
    month: Month | None,
    today: datetime.date | None = None,
    *,
    totals: dict | None = None,
    outcomes: dict | None = None,
) -> Breakdown | None:
    """The parts of a roll-up for `month` (None: the whole campaign, reports as of its last month); None when
    the scope has no bureau below its own to split by.

    `totals` ({key: {"value", "cumulative"}}) and `outcomes` (`outcomes_by` up to the month's end) may be
    passed when the caller counted them already for the same scope and month."""
    if not scope.rolls_up:
        return None
    campaign = scope.campaign
    last = month or Month.of(campaign.end)
    parent = campaign.bureau
    tree = bureau_tree()
    children = [pk for pk in tree.get(parent.pk, []) if pk in scope.bureau_ids]
    if not children:
        return None
    groups = {parent.pk: {parent.pk}}
    for child in children:
        groups[child] = subtree_ids(tree, child) & scope.bureau_ids
    periods = summary_periods(campaign, month)
    counted = count_indicators_by(CATALOGUE, scope, periods, groups=groups, today=today)
    if totals is None:
        totals = count_indicators_by(CATALOGUE, scope, periods, today=today)[None]
    reports = {row.bureau.pk: row for row in board(parent, last, campaign=campaign, today=today)}
    targets = _child_targets(reports.values())
    if outcomes is None:
        outcomes = outcomes_by(scope, (campaign.start, last.last), today=today)
    by_bureau = {row.key: row for row in outcomes["bureau"]}

    def part(pk, own=False):
        bureau = parent if own else reports[pk].bureau
        found = Part(bureau, own, counted[pk], report=None if own else reports[pk])
        if not own and reports[pk].campaign is not None:
            found.targets = targets.get(reports[pk].campaign.pk, {})
        for member in groups[pk]:
            outcome = by_bureau.get(member)
            if outcome is not None:
                found.outcome.closed += outcome.closed
                found.outcome.on_time += outcome.on_time
                found.outcome.days += outcome.days
                found.outcome.overdue += outcome.overdue
        return found

    ranked = sorted((part(pk) for pk in children), key=Part.rank_key)
    return Breakdown(month, part(parent.pk, own=True), ranked, totals)


def _child_targets(reports) -> dict[int, dict[str, int]]:
    keys = {indicator.key for indicator in targetable()}
    campaign_ids = [report.campaign.pk for report in reports if report.campaign is not None]
    found: dict[int, dict[str, int]] = {}
    for campaign_id, key, value in Target.objects.filter(campaign__in=campaign_ids).values_list(
        "campaign_id", "indicator", "value"
    ):
        if key in keys and value:
            found.setdefault(campaign_id, {})[key] = value
    return found
