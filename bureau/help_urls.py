from django.urls import path

from bureau import help_views

app_name = "help"

urlpatterns = [
    path("", help_views.index, name="index"),
    path("<slug:slug>/", help_views.page, name="page"),
]
