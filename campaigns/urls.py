from .record_types import PLAN_TASKS, RECTIFICATIONS, STUDY_SESSIONS

app_name = "campaigns"

urlpatterns = [
    *STUDY_SESSIONS.urls(),
    *RECTIFICATIONS.urls(),
    *PLAN_TASKS.urls(),
]
