"""Django's login and password pages, answering 400 when what was typed is refused (DESIGN §5)."""

from django.contrib.auth import views


class LoginView(views.LoginView):
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordChangeView(views.PasswordChangeView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
