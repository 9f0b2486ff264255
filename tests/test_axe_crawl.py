"""WCAG 2.1 AA over every page a role reaches by links (DESIGN §5), checked by axe-core in Chromium.

Each role signs in to the demo bureau and follows its own links breadth-first from the home page: the
bureau's staff on a 360 px phone, the leaders and the admin on a desktop. Every page must answer below
400 (a link a role may not follow is not shown to it), have no serious or critical axe finding, and on
the phone fit without sideways scrolling. axe-core is vendored under tests/vendor (MPL-2.0), never served.
"""

import io
import re
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# At most this many distinct URLs per URL name (one list and one filtered or paged list, two records of a
# type): the templates are what is checked, not the rows. The cap keeps each role's crawl to a few minutes.
PER_URL_NAME = 1
PAGES_PER_ROLE = 200

# Not pages to check: signing out, changing language, Django's admin, and what answers a file (the Excel
# exports and import templates end in .xlsx; attachments, thumbnails, QR codes; JSON for the charts).
SKIPPED_URL_NAMES = {
    "logout",
    "set_language",
    "javascript-catalog",
    "ledger:attachment",
    "ledger:attachment-thumbnail",
    "surveys:link-qr",
    "reports:summary-api",
    "reports:submissions-api",
}
FILE_SUFFIXES = (".xlsx", ".docx", ".zip", ".pdf", ".svg", ".png", ".jpg", ".json")
# Images the app draws per request (QR codes, attachment thumbnails) load in parallel, and each request saves
# the session (SESSION_SAVE_EVERY_REQUEST); the test database, SQLite in memory with a shared cache, answers
# parallel writers with "table is locked" at once. They are stood in for: the pages are what is checked.
DRAWN_IMAGES = re.compile(r"/(qr\.svg|thumbnail/)(\?.*)?$")
BLANK_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160"/>'

ROLES = {
    "staff-phone": ("staff", "demo-staff", PHONE),
    "leader-desktop": ("leader", "demo-leader", DESKTOP),
    "admin-desktop": ("admin", "demo-admin", DESKTOP),
    "city-desktop": ("city", "demo-city", DESKTOP),
}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The site's Content-Security-Policy allows no inline script; axe is injected as one.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # load_demo refuses to create its weak-password accounts otherwise
    call_command("load_demo", stdout=io.StringIO())


def url_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return "(no such page)"


def is_skipped(path, name):
    return (
        name in SKIPPED_URL_NAMES
        or name.startswith("admin:")
        or path.startswith("/admin/")
        or path.lower().endswith(FILE_SUFFIXES)
    )


def links_on(page, origin):
    """The page's same-origin links to follow, without fragments, sorted so the crawl is the same each run."""
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(link => link.href)")
    found = set()
    for href in hrefs:
        url, _fragment = urldefrag(href)
        if url.startswith(origin + "/"):
            found.add(url)
    return sorted(found)


def crawl(page, origin, check_width):
    """Visit the role's pages breadth-first from home; return the pages visited, the problems found and the
    URL names still waiting when the cap was reached."""
    queue = deque([origin + "/"])
    seen = {origin + "/"}
    per_name = defaultdict(int)
    visited = []
    problems = []  # (kind, impact, url, detail)
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        path = urlsplit(url).path
        name = url_name(path)
        if is_skipped(path, name) or per_name[name] >= PER_URL_NAME:
            continue
        per_name[name] += 1
        response = page.goto(url)
        visited.append(url)
        relative = url.removeprefix(origin)
        if response is None or response.status >= 400:
            problems.append(("http", str(response.status if response else "none"), relative, name))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if page.locator(".chart").count():
            page.wait_for_load_state("networkidle")  # ECharts draws after load; check what it drew
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]:
            if violation["impact"] in ("serious", "critical"):
                for node in violation["nodes"]:
                    target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
                    problems.append((violation["id"], violation["impact"], relative, target + colours(node)))
        if check_width:
            width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width > viewport:
                problems.append(("horizontal-overflow", "serious", relative, f"{width} px wide in {viewport} px"))
        for link in links_on(page, origin):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    left = {(urlsplit(url).path, url_name(urlsplit(url).path)) for url in queue}
    unvisited = sorted({name for path, name in left if not is_skipped(path, name)} - set(per_name))
    return visited, problems, unvisited


def colours(node):
    """For a contrast finding, the colours axe measured: what to change is then plain."""
    data = next((check.get("data") for check in node["any"] if isinstance(check.get("data"), dict)), None)
    if not data or "contrastRatio" not in data:
        return ""
    return f" ({data.get('fgColor')} on {data.get('bgColor')}: {data['contrastRatio']}:1)"


def report(role, visited, problems, unvisited=()):
    """One line per rule with its count, then each finding (rule, impact, page, element), pages and elements
    deduplicated so the navigation bar on every page does not drown the rest."""
    lines = [f"{role}: {len(visited)} pages, {len(problems)} findings"]
    if unvisited:
        lines.append(f"  not reached within {PAGES_PER_ROLE} pages: {', '.join(unvisited)}")
    by_rule = defaultdict(list)
    for kind, impact, url, detail in problems:
        by_rule[(kind, impact)].append((url, detail))
    for (kind, impact), found in sorted(by_rule.items()):
        lines.append(f"  {kind} [{impact}] ×{len(found)} on {len({url for url, _ in found})} pages")
        shown = set()
        for url, detail in found:
            if detail not in shown and len(shown) < 15:
                shown.add(detail)
                lines.append(f"    {url}  {detail}")
    return "\n".join(lines)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_the_role_reaches_passes_wcag_21_aa(role, demo, browser_login, live_server, page):
    username, password, viewport = ROLES[role]
    page.set_viewport_size(viewport)
    page.route(DRAWN_IMAGES, lambda route: route.fulfill(content_type="image/svg+xml", body=BLANK_SVG))
    browser_login(username, password)
    visited, problems, unvisited = crawl(page, live_server.url, check_width=viewport == PHONE)
    print(report(role, visited, problems, unvisited))
    assert len(visited) >= 10, f"{role} reached only {visited}"
    assert not problems, report(role, visited, problems)
