"""Excel import: template, all-or-nothing rows through the record type's own form, clear row errors."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from bureau.ledger.jobs import ImportJob
from campaigns.models import StudySession
from tests.helpers import import_in_browser, xlsx_bytes

HEADERS = ["学习形式", "学习日期", "学习主题", "地点", "主持人", "参加人数"]


@pytest.fixture
def write(tmp_path):
    def _write(content, name="导入.xlsx"):
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    return _write


GOOD = [
    ["党员集中学习", datetime.datetime(2019, 10, 8), "学习党章", "三楼会议室", "陈立新", 21],
    ["专题研讨", "2019-11-29", "找差距、抓落实专题研讨", "党组会议室", "陈立新", 12.0],
    ["党组中心组理论学习", datetime.date(2019, 12, 6), "+学习纲要（第三章）", "", "", 9],
]


def test_good_file_saves_every_row_with_history(staff, campaign, write, capsys):
    call_command("import_xlsx", "study-sessions", write(xlsx_bytes(HEADERS, GOOD)), "--user", "owner")
    assert "已导入 3 条" in capsys.readouterr().out
    sessions = StudySession.objects.order_by("date")
    assert [s.kind for s in sessions] == ["collective", "seminar", "central_group"]
    assert sessions[2].topic == "+学习纲要（第三章）"
    assert all(s.recorded_by == staff and s.campaign == campaign for s in sessions)
    assert sum(s.history.count() for s in sessions) == 3
    assert ImportJob.objects.get().status == "succeeded"


def test_bad_rows_save_nothing_and_are_each_reported(staff, campaign, write, capsys):
    rows = [
        GOOD[0],
        ["读书会", "2019-10-09", "学习", "", "", 3],
        ["党员集中学习", "2022-01-01", "学习", "", "", -4],
        ["党员集中学习", "2019-10-10", "", "", "", 5],
    ]
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_xlsx", "study-sessions", write(xlsx_bytes(HEADERS, rows)), "--user", "owner")
    out = capsys.readouterr().out.splitlines()
    assert "row 3, column A: 学习形式：“读书会”不是可选的值。" in out
    assert any(line.startswith("row 4, column B: 学习日期：日期须在主题教育期间") for line in out)
    assert any(line.startswith("row 4, column F: 参加人数：") for line in out)
    assert any(line.startswith("row 5, column C: 学习主题：") for line in out)
    assert not StudySession.all_objects.exists()
    assert ImportJob.objects.get().status == "refused"


def test_dry_run_checks_without_saving(staff, campaign, write, capsys):
    call_command("import_xlsx", "study-sessions", write(xlsx_bytes(HEADERS, GOOD)), "--user", "owner", "--dry-run")
    assert "检查通过，共 3 行" in capsys.readouterr().out
    assert not StudySession.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not a workbook", "不是有效的 Excel"),
        (xlsx_bytes(["学习形式", "不存在的列"], []), "无法识别的列"),
        (xlsx_bytes(["学习形式"], []), "缺少必填列"),
    ],
    # The workbooks carry their creation time; fixed ids keep the parallel workers' collections identical.
    ids=["not-a-workbook", "unknown-column", "missing-column"],
)
def test_unreadable_files_are_refused_whole(staff, campaign, write, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_xlsx", "study-sessions", write(content), "--user", "owner")
    assert not StudySession.objects.exists()


def test_zip_bomb_is_refused_before_reading(staff, campaign, write):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"0" * (60 * 1024 * 1024) + b"</a>")
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(CommandError, match="解压后过大"):
        call_command("import_xlsx", "study-sessions", write(out.getvalue()), "--user", "owner")


def test_unknown_kind_user_or_campaign(staff, campaign, outsider, write):
    path = write(xlsx_bytes(HEADERS, GOOD))
    with pytest.raises(CommandError, match="unknown KIND"):
        call_command("import_xlsx", "parties", path, "--user", "owner")
    with pytest.raises(CommandError, match="no active user"):
        call_command("import_xlsx", "study-sessions", path, "--user", "nobody")
    foreign = outsider.bureau.campaigns.get()
    with pytest.raises(CommandError, match="is not one of"):
        call_command("import_xlsx", "study-sessions", path, "--user", "owner", "--campaign", str(foreign.pk))


def test_duplicate_credit_code_within_one_file_is_caught(staff, campaign, write, capsys):
    from enterprises.models import Enterprise
    from tests.world import credit_code

    code = credit_code(7)
    rows = [["青田县甲阀门有限公司", code, "温溪镇", "阀门制造"], ["青田县乙阀门有限公司", code, "温溪镇", "阀门制造"]]
    headers = ["企业名称", "统一社会信用代码", "乡镇（街道）", "所属行业"]
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_xlsx", "enterprises", write(xlsx_bytes(headers, rows)), "--user", "owner")
    assert "row 3, column B" in capsys.readouterr().out
    assert not Enterprise.all_objects.exists()


def test_template_has_chinese_headers_and_explanations(client, staff):
    client.force_login(staff)
    response = client.get(reverse("ledger:import-template", args=["study-sessions"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:4] == ["主题教育", "学习形式", "学习日期", "学习主题"]
    notes = {row[0]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert "党组中心组理论学习" in notes["学习形式"][3] and notes["学习形式"][1] == "必填"
    assert client.get(reverse("ledger:import-template", args=["nothing"])).status_code == 404


def test_every_design_kind_has_a_template(client, staff):
    client.force_login(staff)
    for kind in [
        "study-sessions",
        "rectifications",
        "research-visits",
        "suggestions",
        "research-reports",
        "enterprises",
        "enterprise-visits",
        "enterprise-issues",
        "applications",
        "agreements",
    ]:
        assert client.get(reverse("ledger:import-template", args=[kind])).status_code == 200, kind


def test_web_upload_reports_errors_with_400(client, staff, campaign):
    client.force_login(staff)
    bad = SimpleUploadedFile("学习.xlsx", xlsx_bytes(HEADERS, [["党员集中学习", "2030-01-01", "学习", "", "", 1]]))
    response = client.post(reverse("ledger:import"), {"kind": "study-sessions", "file": bad})
    assert response.status_code == 400
    assert "整个文件均未导入" in response.content.decode()
    good = SimpleUploadedFile("学习.xlsx", xlsx_bytes(HEADERS, GOOD))
    response = import_in_browser(client, "study-sessions", good)
    assert response.status_code == 200 and "已导入 3 条" in response.content.decode()
    assert StudySession.objects.count() == 3


def test_abandoned_job_is_marked_failed(staff):
    job = ImportJob.objects.create(
        bureau=staff.bureau, user=staff, kind="study-sessions", filename="x.xlsx", pid=999999
    )
    ImportJob.objects.mark_abandoned()
    job.refresh_from_db()
    assert job.status == "failed" and "未保存任何数据" in job.message


def test_template_has_no_technical_columns(client, staff):
    client.force_login(staff)
    response = client.get(reverse("ledger:import-template", args=["study-sessions"]))
    headers = [c.value for c in load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0][1]]
    assert all("\u4e00" <= h[0] <= "\u9fff" for h in headers), headers


# --- every error of every row; duplicates -------------------------------------------------------------

SAME_EVENT = "与已有记录重复（学习日期、学习形式、学习主题相同），未导入。"


def test_a_row_with_three_errors_reports_all_three(staff, campaign, write, capsys):
    rows = [
        GOOD[0],
        GOOD[1],
        ["读书会", "2022-01-01", "学习", "", "", -4],  # a kind that is no choice, a date outside, a negative count
        GOOD[2],
        ["党员集中学习", "2019-10-20", "学习党史", "", "", 8],
    ]
    with pytest.raises(CommandError, match="3 error") as refused:
        call_command("import_xlsx", "study-sessions", write(xlsx_bytes(HEADERS, rows)), "--user", "owner")
    assert refused.value.returncode != 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "row 4, column A: 学习形式：“读书会”不是可选的值。"
    assert out[1].startswith("row 4, column B: 学习日期：日期须在主题教育期间")
    assert out[2].startswith("row 4, column F: 参加人数：")
    assert len(out) == 3
    assert not StudySession.all_objects.exists()


def test_a_rectification_reports_its_own_rule_beside_the_campaigns(staff, campaign):
    from bureau.ledger.imports import run_import
    from bureau.ledger.registry import REGISTRY
    from campaigns.models import Rectification

    headers = ["问题来源", "查摆日期", "问题表现", "责任人", "整改时限"]
    # Outside the campaign, and a deadline before the day it was found: two rules, two fields.
    content = xlsx_bytes(headers, [["班子查摆", "2022-01-10", "", "owner", "2022-01-01"]])
    result = run_import(REGISTRY["rectifications"], io.BytesIO(content), staff)
    assert [(e.column, e.message.split("：")[0]) for e in result.errors] == [
        ("B", "查摆日期"),
        ("C", "问题表现"),
        ("E", "整改时限"),
    ]
    assert not Rectification.all_objects.exists()


def test_importing_the_same_file_twice_saves_nothing_the_second_time(staff, campaign, write, capsys):
    path = write(xlsx_bytes(HEADERS, GOOD))
    call_command("import_xlsx", "study-sessions", path, "--user", "owner")
    capsys.readouterr()
    with pytest.raises(CommandError, match="3 error"):
        call_command("import_xlsx", "study-sessions", path, "--user", "owner")
    assert capsys.readouterr().out.splitlines() == [f"row {n}, column -: {SAME_EVENT}" for n in (2, 3, 4)]
    assert StudySession.all_objects.count() == 3
    assert ImportJob.objects.filter(status="refused").count() == 1


def test_a_row_repeated_within_the_file_is_refused(staff, campaign, write, capsys):
    changed_topic = [GOOD[0][0], GOOD[0][1], "学习党章（二）", *GOOD[0][3:]]
    rows = [GOOD[0], GOOD[1], changed_topic, GOOD[0]]
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_xlsx", "study-sessions", write(xlsx_bytes(HEADERS, rows)), "--user", "owner")
    assert capsys.readouterr().out.splitlines() == [
        "row 5, column -: 与第2行重复（学习日期、学习形式、学习主题相同）。"
    ]
    assert not StudySession.all_objects.exists()


def test_a_record_in_the_recycle_bin_is_no_duplicate(staff, campaign, write, capsys):
    path = write(xlsx_bytes(HEADERS, GOOD[:1]))
    call_command("import_xlsx", "study-sessions", path, "--user", "owner")
    StudySession.objects.get().soft_delete(staff)
    call_command("import_xlsx", "study-sessions", path, "--user", "owner")
    assert "已导入 1 条" in capsys.readouterr().out
    assert StudySession.objects.count() == 1 and StudySession.all_objects.count() == 2


def test_the_same_session_in_another_bureau_is_no_duplicate(staff, outsider, campaign, write):
    path = write(xlsx_bytes(HEADERS, GOOD))
    call_command("import_xlsx", "study-sessions", path, "--user", "outsider")
    call_command("import_xlsx", "study-sessions", path, "--user", "owner")
    assert StudySession.objects.filter(bureau=staff.bureau).count() == 3


def test_the_web_import_names_each_duplicate_row(client, staff, campaign):
    client.force_login(staff)
    for expected in (200, 400):
        upload = SimpleUploadedFile("学习.xlsx", xlsx_bytes(HEADERS, GOOD))
        response = import_in_browser(client, "study-sessions", upload)
        assert response.status_code == expected
    assert [(e.row, e.message) for e in response.context["result"].errors] == [(n, SAME_EVENT) for n in (2, 3, 4)]
    assert StudySession.objects.count() == 3


def test_the_template_says_which_columns_identify_a_row(client, staff):
    client.force_login(staff)
    response = client.get(reverse("ledger:import-template", args=["study-sessions"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    notes = {row[0]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert notes["判断重复"][4].startswith("学习日期、学习形式、学习主题都相同的行视为同一条记录")


def test_every_importable_list_has_an_import_button(client, staff):
    from bureau.ledger.registry import REGISTRY

    client.force_login(staff)
    for slug, record_type in REGISTRY.items():
        page = client.get(record_type.url("list")).content.decode()
        link = f'href="{reverse("ledger:import")}?kind={slug}"'
        assert (link in page) == record_type.importable, slug


def test_the_import_jobs_list_shows_the_type_by_its_chinese_name(client, staff, campaign):
    ImportJob.objects.create(bureau=staff.bureau, user=staff, kind="study-sessions", filename="学习.xlsx")
    client.force_login(staff)
    page = client.get(reverse("ledger:import"), {"kind": "study-sessions"})
    assert "<td>学习活动</td>" in page.content.decode()
    assert "<td>study-sessions</td>" not in page.content.decode()
    assert page.context["form"]["kind"].value() == "study-sessions"
