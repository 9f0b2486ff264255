"""The campaign app's record types: what their pages list, filter and show."""

from django.utils.translation import gettext_lazy as _

from bureau.ledger.registry import RecordType, register

from .filters import PlanTaskFilter, RectificationFilter, StudySessionFilter
from .forms import PlanTaskForm, RectificationForm, StudySessionForm
from .models import PlanTask, Rectification, StudySession

STUDY_SESSIONS = register(
    RecordType(
        model=StudySession,
        form_class=StudySessionForm,
        filterset_class=StudySessionFilter,
        slug="study-sessions",
        list_columns=("date", "kind", "topic", "place", "attendance", "department", "recorded_by"),
        identity=("date", "kind", "topic"),
        nav=("study", _("学习活动")),
    )
)

RECTIFICATIONS = register(
    RecordType(
        model=Rectification,
        form_class=RectificationForm,
        filterset_class=RectificationFilter,
        slug="rectifications",
        list_columns=("date", "source", "problem", "owner", "deadline", "warning", "status", "immediate"),
        identity=("source", "problem"),
        list_select_related=("owner",),
        detail_fields=(
            "campaign",
            "source",
            "date",
            "problem",
            "measure",
            "owner",
            "supervisor",
            "immediate",
            "result",
            "department",
            "notes",
        ),
        nav=("rectification", _("问题清单与整改")),
        work_item=True,
    )
)

PLAN_TASKS = register(
    RecordType(
        model=PlanTask,
        form_class=PlanTaskForm,
        filterset_class=PlanTaskFilter,
        slug="plan-tasks",
        list_columns=("title", "date", "deadline", "warning", "owner", "status", "closed_on"),
        identity=("title",),
        list_select_related=("owner",),
        admin_only=True,
        nav=("study", _("实施方案任务")),
        work_item=True,
    )
)
