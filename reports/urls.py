from django.urls import path

from . import submission_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/<str:key>/", views.drilldown, name="drilldown"),
    path("indicators/<str:key>/export.xlsx", views.drilldown_export, name="drilldown-export"),
    path("api/summary/", views.summary_api, name="summary-api"),
    path("export/monthly.xlsx", views.monthly_workbook, name="monthly-workbook"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly/close/", views.close_month, name="close-month"),
    path("monthly/<int:pk>/reopen/", views.reopen_month, name="reopen-month"),
    path("monthly/<int:pk>/workbook.xlsx", views.closed_workbook, name="closed-workbook"),
    path("targets/", views.targets, name="targets"),
    path("submissions/", submission_views.board, name="submissions"),
    path("submissions/deadline/", submission_views.set_deadline, name="submission-deadline"),
    path("submissions/<int:pk>/accept/", submission_views.accept, name="submission-accept"),
    path("submissions/<int:pk>/return/", submission_views.return_report, name="submission-return"),
    path("api/submissions/", submission_views.submissions_api, name="submissions-api"),
]
