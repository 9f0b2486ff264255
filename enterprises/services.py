"""Writes of the enterprise strand that span models."""

from .choices import ApplicationStatus
from .models import Application, Qualification


def sync_qualification(application: Application) -> Qualification | None:
    """Make the enterprise's qualifications agree with the application's outcome.

    An approved (已认定), live application holds exactly one qualification of its kind, dated by its
    approval; any other state (and an application in the recycle bin) holds none. Called by
    Application.save() inside its transaction. Returns the qualification, if any.
    """
    granted = (
        application.status == ApplicationStatus.APPROVED
        and application.decided_on is not None
        and not application.is_deleted
    )
    if not granted:
        Qualification.objects.filter(application=application).delete()
        return None
    existing = Qualification.objects.filter(application=application).first()
    qualification = existing or Qualification(application=application)
    kind_or_date_changed = (
        existing is None or existing.kind != application.kind or existing.awarded_on != application.decided_on
    )
    qualification.enterprise_id = application.enterprise_id
    qualification.kind = application.kind
    qualification.awarded_on = application.decided_on
    qualification.certificate_no = application.certificate_no
    if kind_or_date_changed:
        qualification.valid_until = Qualification.default_valid_until(application.kind, application.decided_on)
    qualification.save()
    return qualification


def approve_application(application: Application, decided_on, certificate_no: str = "") -> Application:
    """Record that the authority approved the application; the enterprise gains the qualification with it."""
    application.status = ApplicationStatus.APPROVED
    application.decided_on = decided_on
    application.certificate_no = certificate_no or application.certificate_no
    application.full_clean()
    application.save()  # atomic, with sync_qualification
    return application
