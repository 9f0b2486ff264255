"""The research strand's journeys, clicked through in Chromium (staff on a desktop, respondents on a phone)."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from campaigns.models import Rectification
from surveys.models import Questionnaire, ResearchSubject, ResearchVisit, Response, Suggestion
from tests.world import ResearchSubjectFactory, SuggestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _add_question(page, kind, text, options="", required=True, another=True):
    page.get_by_label("题型").select_option(label=kind)
    page.get_by_label("题目").fill(text)
    if options:
        page.get_by_label("选项（每行一个）").fill(options)
    if not required:
        page.get_by_label("必答").uncheck()
    page.get_by_role("button", name="保存并继续添加" if another else "保存", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text(f"已添加题目“{text}”")


def test_staff_builds_a_questionnaire_a_phone_answers_it_and_staff_reads_the_results(
    browser_login, browser, live_server, staff, campaign
):
    page = browser_login("owner")
    page.get_by_role("button", name="调查研究").click()
    page.get_by_role("link", name="调查问卷").click()
    page.get_by_role("link", name="新增调查问卷").click()
    page.get_by_label("问卷标题").fill("科技助农增收送服务活动调查问卷")
    page.get_by_label("开始日期").fill("2019-11-06")
    page.get_by_label("问卷说明").fill("请为县科技局的工作提要求、提建议。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("科技助农增收送服务活动调查问卷")

    page.get_by_role("link", name="添加题目").click()
    _add_question(page, "单选题", "您对科技助农服务的总体评价", "满意\n一般\n不满意")
    _add_question(page, "多选题", "您最需要哪些服务？", "技术培训\n上门指导\n项目申报辅导")
    _add_question(page, "评分题（1–5 分）", "请为科技特派员服务的及时性打分")
    _add_question(page, "填空题", "您所在的乡镇", required=False)
    _add_question(page, "问答题", "您对科技局的意见和建议", required=False, another=False)

    questions = page.locator("#questions li")
    expect(questions).to_have_count(5)
    # Reorder: the rating question moves up one place.
    page.get_by_role("button", name="第 3 题上移").click()
    expect(questions.nth(1)).to_contain_text("请为科技特派员服务的及时性打分")
    expect(questions.nth(2)).to_contain_text("您最需要哪些服务？")
    expect(page.get_by_role("img", name="“通用”填写链接的二维码")).to_be_visible()
    public_path = page.locator("#links a.public-link").first.get_attribute("href")

    # A respondent at the service event scans the code: a phone, no account.
    phone_context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}{public_path}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("科技助农增收送服务活动调查问卷")
    phone.get_by_role("button", name="提交问卷").click()
    expect(phone.locator("#form-errors")).to_contain_text("此题为必答题，请作答。")
    assert Response.objects.count() == 0

    phone.get_by_label("满意", exact=True).check()
    phone.locator(".rating-scale label", has_text="4").click()
    phone.get_by_label("技术培训").check()
    phone.get_by_label("上门指导").check()
    phone.get_by_label("4. 您所在的乡镇").fill("船寮镇")
    phone.get_by_label("5. 您对科技局的意见和建议").fill("希望多组织杨梅种植技术培训，时间避开农忙。")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_role("button", name="提交问卷").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("提交成功，感谢您的参与！")
    phone_context.close()

    # Back at the office: the results and the Excel export show the answer.
    page.get_by_role("link", name="统计结果").click()
    expect(page.locator("#response-total")).to_contain_text("共回收答卷 1 份")
    single = page.locator("section.result").filter(has_text="您对科技助农服务的总体评价")
    expect(single.get_by_role("row").filter(has_text="满意").first).to_contain_text("100.0%")
    expect(page.get_by_text("希望多组织杨梅种植技术培训，时间避开农忙。")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出全部答卷（Excel）").click()
    download = download_info.value
    assert download.suggested_filename == "科技助农增收送服务活动调查问卷-答卷.xlsx"
    # Playwright stores the download without its extension; openpyxl reads the bytes.
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5:] == (
        "1. 您对科技助农服务的总体评价",
        "2. 请为科技特派员服务的及时性打分",
        "3. 您最需要哪些服务？",
        "4. 您所在的乡镇",
        "5. 您对科技局的意见和建议",
    )
    assert rows[1][2:] == (
        "扫码填写",
        "通用",
        None,
        "满意",
        4,
        "技术培训；上门指导",
        "船寮镇",
        "希望多组织杨梅种植技术培训，时间避开农忙。",
    )
    assert Questionnaire.objects.get().recorded_by == staff


def test_a_closed_questionnaire_tells_the_phone_so(browser, live_server, questionnaire):
    questionnaire.closes_on = datetime.date(2019, 11, 20)
    questionnaire.save()
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    phone = context.new_page()
    response = phone.goto(f"{live_server.url}{questionnaire.links.get().get_public_url()}")
    assert response.status == 410
    expect(phone.get_by_role("heading", level=1)).to_have_text("问卷已截止")
    context.close()


def test_a_suggestion_becomes_a_rectification_item(browser_login, live_server, staff, campaign):
    suggestion = SuggestionFactory(
        recorded_by=staff,
        campaign=campaign,
        department=staff.department,
        source="direct",
        content="种植大户反映技术指导不及时，希望建立联系卡制度。",
        raised_by="种植大户",
    )
    page = browser_login("owner")
    page.get_by_role("button", name="调查研究").click()
    page.get_by_role("link", name="意见建议").click()
    page.get_by_role("link", name="2019-11-06").click()
    page.get_by_role("button", name="转为整改事项").click()
    expect(page.get_by_role("alert").first).to_contain_text("已转为整改事项")
    expect(page.get_by_label("问题表现")).to_have_value("种植大户反映技术指导不及时，希望建立联系卡制度。")
    page.get_by_label("整改措施").fill("建立种植大户联系卡制度，特派员定期上门。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").first).to_contain_text("已保存")

    rectification = Rectification.objects.get()
    assert rectification.measure == "建立种植大户联系卡制度，特派员定期上门。"
    suggestion.refresh_from_db()
    assert suggestion.rectification == rectification
    assert suggestion.status == "handling"
    page.goto(f"{live_server.url}{suggestion.get_absolute_url()}")
    expect(page.get_by_role("link", name="查看整改事项")).to_be_visible()
    expect(page.get_by_role("button", name="转为整改事项")).to_have_count(0)
    assert Suggestion.objects.count() == 1


def test_staff_records_a_visit_to_a_registered_department(browser_login, live_server, staff, campaign):
    department = ResearchSubjectFactory(bureau=staff.bureau, name="县农业农村局", subject_type="department")
    page = browser_login("owner")
    page.get_by_role("button", name="调查研究").click()
    page.get_by_role("link", name="调研走访").click()
    page.get_by_role("link", name="新增调研走访").click()
    page.get_by_label("对象类型").select_option(label="有关部门")
    name = page.get_by_label("对象名称")
    expect(name).to_have_attribute("list", "id_subject_name-options")
    expect(page.locator("#id_subject_name-options option[value='县农业农村局']")).to_have_count(1)
    name.fill("县农业农村局 ")
    page.get_by_label("调研日期").fill("2019-10-22")
    page.get_by_label("调研方式").select_option(label="座谈会")
    page.get_by_label("走访人数").fill("4")
    page.get_by_label("调研情况").fill("对接科技特派员派驻计划。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").first).to_contain_text("已保存")
    visit = ResearchVisit.objects.get()
    assert visit.subject == department
    assert ResearchSubject.objects.count() == 1
