"""Regenerate the README's screenshots from the demo bureau: `make screenshots`.

Builds a throw-away SQLite database with the demo data, serves the app on a free local port, logs in
as the demo leader in Chromium and writes:

- docs/screenshots/dashboard.png — the leaders' dashboard (1280 px wide, at most 3000 px high);
- docs/screenshots/monthly-summary.png — the summary sheet of the 2019-11 monthly workbook, downloaded
  from the app, read with openpyxl and drawn as an HTML table;
- static/help/*.png — the screenshots of the help pages (使用说明, templates/help/), each taken as the
  demo user the page is written for, 1280 px wide (390 px for the forms used in the field), cropped to
  the part the text describes and reduced to a 256-colour palette to stay small.

Nothing outside docs/screenshots/ and static/help/ is written: database, media and logs live in a
temporary directory.
"""

import datetime
import html
import io
import os
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
HELP_OUT = ROOT / "static" / "help"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTH = 1280
MAX_HEIGHT = 3000
SUMMARY_MONTH = "2019-11"
# The whole page when it fits; else down to the end of the last section that fits (no half-cut chart).
CROP_HEIGHT = """(limit) => {
  const full = document.documentElement.scrollHeight;
  if (full <= limit) { return full; }
  const ends = [...document.querySelectorAll("main section")].map((s) => s.getBoundingClientRect().bottom + scrollY);
  const fitting = ends.filter((end) => end <= limit);
  return Math.ceil(fitting.length ? Math.max(...fitting) + 16 : limit);
}"""


def configure(workdir: Path) -> None:
    """Point Django at the throw-away directory; must run before Django is imported."""
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'demo.sqlite3'}"
    os.environ["DEBUG"] = "1"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["LOG_DIR"] = str(workdir / "logs")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bureau.settings"
    sys.path.insert(0, str(ROOT))


def load_demo() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())


def serve():
    """Serve the app (static files included) on a free 127.0.0.1 port in a background thread."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# The bottom edge (page y, px) of what a help screenshot shows: the element `selector` matches, or, when
# `selector` names a heading, the section the heading opens (its parent element).
BOTTOM_OF = """([selector, limit]) => {
  const element = document.querySelector(selector);
  const box = element ? (/^H[1-6]$/.test(element.tagName) ? element.parentElement : element) : null;
  const bottom = box ? box.getBoundingClientRect().bottom + scrollY + 12 : document.documentElement.scrollHeight;
  return Math.ceil(Math.min(bottom, limit));
}"""
TOP_OF = """(selector) => {
  const element = document.querySelector(selector);
  return element ? Math.max(0, Math.floor(element.getBoundingClientRect().top + scrollY - 12)) : 0;
}"""
PHONE = 390
WORK_PANEL = 'section[aria-labelledby="work-heading"]'


@dataclass(frozen=True)
class HelpShot:
    """One screenshot of the help pages: who takes it, where, and which part of the page it keeps."""

    name: str
    user: str
    path: str
    width: int = WIDTH
    top: str | None = None  # a selector: start just above it (the page's top otherwise)
    bottom: str | None = None  # a selector: end just below it (or the section of a heading)
    height: int = 900  # at most this many pixels


HELP_SHOTS = (
    HelpShot("study-list.png", "staff", "/study-sessions/", height=760),
    HelpShot(
        "study-form-phone.png",
        "staff",
        "/study-sessions/new/",
        PHONE,
        top="#div_id_kind",
        bottom="#div_id_minutes",
        height=1100,
    ),
    HelpShot(
        "research-visit-phone.png",
        "staff",
        "/research-visits/new/",
        PHONE,
        top="#div_id_subject_type",
        bottom="#div_id_findings",
        height=1300,
    ),
    HelpShot("questionnaire-links.png", "staff", "/questionnaires/{questionnaire}/", top="#links", bottom="#links"),
    HelpShot(
        "enterprise-visit-phone.png",
        "staff",
        "/enterprise-visits/new/",
        PHONE,
        top="#div_id_purpose",
        bottom="#div_id_summary",
        height=1400,
    ),
    HelpShot("enterprise-issue.png", "staff", "/enterprise-issues/{reopened_issue}/", bottom=WORK_PANEL, height=1000),
    HelpShot(
        "rectification-review.png", "leader", "/rectifications/{applied_rectification}/", bottom=WORK_PANEL, height=900
    ),
    HelpShot("rectification-list.png", "leader", "/rectifications/", height=760),
    HelpShot(
        "dashboard.png", "leader", "/reports/?campaign={campaign}&month=2019-11", bottom="#strand-research", height=1200
    ),
    HelpShot("monthly.png", "leader", "/reports/monthly/?campaign={campaign}", height=900),
    HelpShot("my-work.png", "staff", "/my-work/", height=900),
    HelpShot("targets.png", "admin", "/reports/targets/", height=760),
    HelpShot("setup-guide.png", "admin", "/setup/", height=900),
    HelpShot("audit-trail.png", "auditor", "/audit/", height=760),
    HelpShot("change-log.png", "auditor", "/changes/", height=760),
    HelpShot("submissions.png", "city", "/reports/submissions/?month=2019-10", height=900),
    HelpShot(
        "city-dashboard.png",
        "city",
        "/reports/?month=2019-10",
        top="#rollup-heading",
        bottom="#rollup-heading",
        height=900,
    ),
)


def help_ids() -> dict[str, int]:
    """The demo's rows the help screenshots open: found by what they are, not by their ids."""
    from bureau.ledger.lifecycle import WorkState
    from campaigns.models import Campaign, Rectification
    from enterprises.models import EnterpriseIssue
    from surveys.models import Questionnaire

    staff_issues = EnterpriseIssue.objects.filter(owner__username="staff", status=WorkState.IN_PROGRESS)
    return {
        "campaign": Campaign.objects.filter(bureau__users__username="leader").order_by("-start").first().pk,
        "questionnaire": Questionnaire.objects.filter(bureau__users__username="staff").first().pk,
        "reopened_issue": (staff_issues.filter(satisfaction="dissatisfied").first() or staff_issues.first()).pk,
        "applied_rectification": Rectification.objects.filter(
            bureau__users__username="leader", status=WorkState.APPLIED
        )
        .order_by("deadline")
        .first()
        .pk,
    }


def save_small_png(png: bytes, path: Path) -> None:
    """A screenshot as a 256-colour palette PNG: a fraction of the size, the text as sharp."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def log_in(context, base_url: str, username: str):
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"demo-{username}")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")
    return page


def shoot_help(browser, base_url: str, ids: dict[str, int]) -> None:
    HELP_OUT.mkdir(parents=True, exist_ok=True)
    pages = {}
    for shot in HELP_SHOTS:
        key = (shot.user, shot.width)
        if key not in pages:
            context = browser.new_context(
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                viewport={"width": shot.width, "height": 900},
                device_scale_factor=1,
            )
            pages[key] = log_in(context, base_url, shot.user)
        page = pages[key]
        page.goto(base_url + shot.path.format(**ids))
        page.wait_for_load_state("networkidle")
        if page.locator(".chart").count():
            page.locator(".chart svg").last.wait_for()
        top = page.evaluate(TOP_OF, shot.top) if shot.top else 0
        bottom = page.evaluate(BOTTOM_OF, [shot.bottom or "#__none__", top + shot.height])
        if not shot.bottom:
            bottom = min(top + shot.height, page.evaluate("document.documentElement.scrollHeight"))
        clip = {"x": 0, "y": top, "width": shot.width, "height": max(bottom - top, 100)}
        save_small_png(page.screenshot(full_page=True, clip=clip), HELP_OUT / shot.name)


def cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, int | float) and "%" in cell.number_format:
        return f"{value:.1%}"
    return str(value)


def summary_html(workbook_bytes: bytes) -> str:
    """The workbook's first sheet as a plain HTML table: title, unit line, headers, strand sections."""
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes)).worksheets[0]
    width = sheet.max_column
    rows = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        texts = [cell_text(c) for c in cells]
        if number == 1:
            rows.append(f"<caption>{html.escape(texts[0])}</caption>")
        elif number == 2:
            rows.append(
                f'<tr class="unit"><td colspan="{width}">{html.escape("　".join(t for t in texts if t))}</td></tr>'
            )
        elif number == 3:
            rows.append("<tr>" + "".join(f"<th>{html.escape(t)}</th>" for t in texts) + "</tr>")
        elif not any(texts[1:]):
            rows.append(f'<tr class="section"><th colspan="{width}">{html.escape(texts[0])}</th></tr>')
        else:
            label, unit, *numbers = texts
            rows.append(
                f'<tr><td class="label">{html.escape(label)}</td><td class="unit">{html.escape(unit)}</td>'
                + "".join(f'<td class="num">{html.escape(t)}</td>' for t in numbers)
                + "</tr>"
            )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(sheet.title)}</title>
<style>
  body {{ margin: 0; font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 14px; color: #212529; }}
  #sheet {{ display: inline-block; padding: 20px 24px; background: #fff; }}
  .sheet-name {{ color: #6c757d; font-size: 12px; margin-bottom: 6px; }}
  table {{ border-collapse: collapse; }}
  caption {{ font-size: 18px; font-weight: bold; padding: 6px 0 10px; text-align: left; }}
  th, td {{ border: 1px solid #adb5bd; padding: 4px 10px; }}
  th {{ background: #e9ecef; }}
  tr.unit td {{ border: none; padding: 0 0 8px; color: #495057; }}
  tr.section th {{ text-align: left; background: #f8f9fa; }}
  td.label {{ padding-left: 24px; min-width: 15em; }}
  td.num {{ text-align: right; min-width: 4em; }}
  td.unit {{ text-align: center; }}
</style></head>
<body><div id="sheet"><div class="sheet-name">工作表：{html.escape(sheet.title)}</div>
<table>{"".join(rows)}</table></div></body></html>"""


def shoot(base_url: str) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    ids = help_ids()  # before Playwright's event loop starts: the ORM refuses to run inside it
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": WIDTH, "height": 900},
            device_scale_factor=1,
            accept_downloads=True,
        )
        page = context.new_page()
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("用户名").fill("leader")
        page.get_by_label("密码").fill("demo-leader")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{base_url}/")
        page.locator(".chart svg").last.wait_for()
        page.wait_for_load_state("networkidle")
        height = page.evaluate(CROP_HEIGHT, MAX_HEIGHT)
        page.screenshot(
            path=OUT / "dashboard.png", full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height}
        )

        campaign = page.locator('form input[name="campaign"]').first.input_value()
        page.goto(f"{base_url}/reports/?campaign={campaign}&month={SUMMARY_MONTH}")
        with page.expect_download() as info:
            page.get_by_role("link", name="导出月报").click()
        workbook = Path(info.value.path()).read_bytes()

        sheet = context.new_page()
        sheet.set_content(summary_html(workbook))
        sheet.locator("#sheet").screenshot(path=OUT / "monthly-summary.png")
        shoot_help(browser, base_url, ids)
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ledger-screenshots-") as workdir:
        configure(Path(workdir))
        load_demo()
        server, base_url = serve()
        try:
            shoot(base_url)
        finally:
            server.shutdown()
            server.server_close()
            from django.db import connections

            connections.close_all()
    paths = [OUT / name for name in ("dashboard.png", "monthly-summary.png")]
    paths += [HELP_OUT / shot.name for shot in HELP_SHOTS]
    for path in paths:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
