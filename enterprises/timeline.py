"""An enterprise's whole history with the bureau as one dated list of events.

One query per kind of record, whatever the number of events, so the enterprise page stays cheap.
"""

import datetime
from dataclasses import dataclass

from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .choices import ApplicationStatus
from .models import Application, CooperationAgreement, Enterprise, EnterpriseIssue, EnterpriseVisit, Qualification

# Order of events on the same day: a problem is raised at the visit, closed off after it, the enterprise
# asked about it (满意度回访) after that.
KINDS = {
    "visit": (1, _("走访")),
    "issue_raised": (2, _("反映问题")),
    "application_preparing": (3, _("准备申报")),
    "application_filed": (4, _("资质申报")),
    "agreement": (5, _("签订协议")),
    "application_decided": (6, _("认定结果")),
    "qualification": (7, _("获得资质")),
    "issue_closed": (8, _("问题销号")),
    "issue_satisfaction": (9, _("满意度回访")),
}


@dataclass(frozen=True)
class Event:
    date: datetime.date
    kind: str
    record: object

    @property
    def label(self):
        return KINDS[self.kind][1]

    @property
    def sort_key(self):
        return (self.date, KINDS[self.kind][0], self.record.pk)


@dataclass
class EnterpriseHistory:
    events: list[Event]
    visits: list
    issues: list
    applications: list
    agreements: list
    qualifications: list

    @property
    def issues_resolved(self) -> int:
        return sum(1 for issue in self.issues if issue.is_resolved)

    @property
    def issues_open(self) -> int:
        return sum(1 for issue in self.issues if issue.is_open)


def enterprise_history(enterprise: Enterprise) -> EnterpriseHistory:
    """Everything recorded about the enterprise (records in the recycle bin left out), oldest first."""
    scope = {"enterprise": enterprise, "bureau_id": enterprise.bureau_id}
    visits = list(EnterpriseVisit.objects.filter(**scope).prefetch_related("visitors", "policies"))
    issues = list(EnterpriseIssue.objects.filter(**scope).select_related("owner", "closed_by", "satisfaction_by"))
    applications = list(Application.objects.filter(**scope).select_related("helped_by"))
    agreements = list(CooperationAgreement.objects.filter(**scope).select_related("institution"))
    qualifications = list(Qualification.objects.filter(enterprise=enterprise))

    events = [Event(visit.date, "visit", visit) for visit in visits]
    for issue in issues:
        events.append(Event(issue.date, "issue_raised", issue))
        # Closed off (已销号) on its close-off day; a problem reopened since (不满意) has none.
        if issue.is_closed and issue.closed_on:
            events.append(Event(issue.closed_on, "issue_closed", issue))
        # The enterprise's answer after the close-off, kept when 不满意 reopened the problem.
        if issue.satisfaction and issue.satisfaction_on:
            events.append(Event(issue.satisfaction_on, "issue_satisfaction", issue))
    for application in applications:
        if application.status == ApplicationStatus.PREPARING or application.filed_on is None:
            events.append(Event(localtime(application.created_at).date(), "application_preparing", application))
            continue
        events.append(Event(application.filed_on, "application_filed", application))
        if application.decided_on:
            events.append(Event(application.decided_on, "application_decided", application))
    events += [Event(agreement.signed_on, "agreement", agreement) for agreement in agreements]
    # A qualification an application granted is already shown by the application's result.
    events += [Event(q.awarded_on, "qualification", q) for q in qualifications if q.application_id is None]
    events.sort(key=lambda event: event.sort_key)
    return EnterpriseHistory(events, visits, issues, applications, agreements, qualifications)
