from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .services import home_summary


@login_required
def home(request):
    return render(request, "home.html", home_summary(request.user))
