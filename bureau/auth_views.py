"""Django's login and password pages, answering 400 when what was typed is refused (DESIGN §5), and the
user's own settings (个人设置)."""

from django.contrib import messages
from django.contrib.auth import views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bureau.forms import ProfileForm


class LoginForm(AuthenticationForm):
    # Django's own form sets the length limit after building the field, so it is never checked;
    # an over-long name would then overflow the lock-out table's column.
    username = UsernameField(
        label=_("用户名"), max_length=150, widget=AuthenticationForm.base_fields["username"].widget
    )


class LoginView(views.LoginView):
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordChangeView(views.PasswordChangeView):
    def get_context_data(self, **kwargs):
        from django.conf import settings

        return {**super().get_context_data(**kwargs), "password_expiry_days": settings.PASSWORD_EXPIRY_DAYS}

    def form_valid(self, form):
        form.user.must_change_password = False
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@login_required
def profile(request):
    """The signed-in user's own settings; a change is an account change, audited by User.save."""
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, gettext("个人设置已保存。"))
            return redirect("profile")
        return render(request, "registration/profile.html", {"form": form}, status=400)
    return render(request, "registration/profile.html", {"form": form})
