"""使用说明 (/help/): every page for every role, its screenshots on disk, the menus and buttons it names real."""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from bureau.help_views import PAGES

ROOT = Path(settings.BASE_DIR)
HELP_TEMPLATES = ROOT / "templates" / "help"
SIGNED_IN = ("staff", "colleague", "leader", "admin", "outsider", "auditor", "city_leader", "city_admin")

MENU_PATH = re.compile(r'<a class="menu-path" href="([^"]+)">(.*?)</a>', re.S)
UI_LABEL = re.compile(r'<span class="ui-label">(.*?)</span>', re.S)
NAV_GROUP = re.compile(r'data-bs-toggle="dropdown"[^>]*>(.*?)</a>\s*<ul class="dropdown-menu[^"]*">(.*?)</ul>', re.S)
LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.S)


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def header_of(body: str) -> str:
    return body[body.index("<nav") : body.index("</nav>")]


@pytest.fixture
def help_pages(client, admin_user):
    """slug → the page's HTML as the bureau's admin reads it."""
    client.force_login(admin_user)
    return {page.slug: client.get(reverse("help:page", args=[page.slug])).content.decode() for page in PAGES}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_help_page_opens_for_every_role(client, everyone, role):
    client.force_login(everyone[role])
    response = client.get(reverse("help:index"))
    assert response.status_code == 200
    for page in PAGES:
        response = client.get(reverse("help:page", args=[page.slug]))
        body = response.content.decode()
        assert response.status_code == 200, page.slug
        assert f"<title>{page.title} · 使用说明" in body
        assert f'<h1 class="h3">{page.title}</h1>' in body


def test_anonymous_users_are_sent_to_login(client, db):
    for url in (reverse("help:index"), reverse("help:page", args=["study"])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_post_is_not_allowed(client, staff):
    client.force_login(staff)
    assert client.post(reverse("help:index")).status_code == 405
    assert client.post(reverse("help:page", args=["study"])).status_code == 405


def test_unknown_page_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("help:page", args=["no-such-page"])).status_code == 404


def test_index_links_to_every_page(client, staff):
    client.force_login(staff)
    body = client.get(reverse("help:index")).content.decode()
    main = body[body.index("<article") :]
    for page in PAGES:
        assert f'href="{reverse("help:page", args=[page.slug])}"' in main, page.slug


def test_every_page_has_a_template_and_every_template_a_page():
    templates = {path.stem for path in HELP_TEMPLATES.glob("*.html") if not path.stem.startswith("_")}
    assert templates - {"base_help", "index"} == {page.slug for page in PAGES}


@pytest.mark.parametrize("role", ("staff", "auditor", "city_leader"))
def test_every_page_header_links_to_help(client, everyone, role):
    client.force_login(everyone[role])
    response = client.get(reverse("profile"))
    assert f'href="{reverse("help:index")}"' in header_of(response.content.decode())


def test_every_screenshot_a_page_shows_exists(help_pages):
    shown = set()
    for slug, body in help_pages.items():
        for src, alt in re.findall(r'<img src="/static/(help/[^"]+)" alt="([^"]*)"', body):
            assert alt.strip(), f"{src} on {slug} has no alt text"
            shown.add(src)
    assert shown, "the help pages show no screenshot"
    for src in sorted(shown):
        path = ROOT / "static" / src
        assert path.exists(), f"{src} is missing: run make screenshots"
        assert path.stat().st_size < 300 * 1024, f"{src} is over 300 KB"
    # Every page but the index has at least one screenshot.
    for slug, body in help_pages.items():
        assert '<img src="/static/help/' in body, slug


def _header_links(client, everyone) -> tuple[set, set]:
    """What the header offers across the roles: (menu, label, href) in the dropdowns, (label, href) anywhere."""
    grouped, anywhere = set(), set()
    for user in everyone.values():
        client.force_login(user)
        header = header_of(client.get(reverse("profile")).content.decode())
        for toggle, items in NAV_GROUP.findall(header):
            for href, label in LINK.findall(items):
                grouped.add((text(toggle), text(label), href))
        anywhere |= {(text(label), href) for href, label in LINK.findall(header)}
    return grouped, anywhere


def test_every_menu_path_a_page_names_is_in_the_menus(client, everyone, help_pages):
    grouped, anywhere = _header_links(client, everyone)
    cited = {(slug, text(label), href) for slug, body in help_pages.items() for href, label in MENU_PATH.findall(body)}
    assert len(cited) > 20
    for slug, label, href in cited:
        parts = [part.strip() for part in label.split("›")]
        if len(parts) == 2:
            assert (parts[0], parts[1], href) in grouped, f"{slug}: no menu {label} → {href}"
        else:
            assert any(parts[0] in shown and target == href for shown, target in anywhere), f"{slug}: {label}"


def _source_texts() -> str:
    sources = [p for p in (ROOT / "templates").rglob("*.html") if HELP_TEMPLATES not in p.parents]
    for app in ("bureau", "campaigns", "surveys", "enterprises", "reports"):
        sources += [p for p in (ROOT / app).rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    return "\n".join(path.read_text(encoding="utf-8") for path in sources)


def test_every_button_and_field_a_page_names_exists(help_pages):
    source = _source_texts()
    added = {f"新增{model._meta.verbose_name}" for model in apps.get_models()}  # the lists' 新增… buttons
    labels = {text(label) for body in help_pages.values() for label in UI_LABEL.findall(body)}
    assert len(labels) > 30
    unknown = sorted(label for label in labels if f'"{label}"' not in source and label not in added)
    assert not unknown, f"named in the help but not found in the app: {unknown}"


def test_help_pages_make_a_fixed_number_of_queries(client, staff, django_assert_num_queries):
    client.force_login(staff)
    client.get(reverse("help:index"))  # the session's first read (last-activity stamp) out of the way
    # The session, the user; the header's unread notifications, the user's bureau and the 我的待办 badge
    # (one count per work-item type: rectifications, plan tasks, enterprise problems); the session's save.
    # Nothing of the page itself: the help is templates only.
    with django_assert_num_queries(8):
        assert client.get(reverse("help:index")).status_code == 200
    with django_assert_num_queries(8):
        assert client.get(reverse("help:page", args=["rectification"])).status_code == 200
