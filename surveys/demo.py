"""Demo research strand: the figures the bureau reported part-way through the 2019 campaign.

5 departments and 2 intermediaries researched (distinct subjects, some visited twice), 106 person-times
of service recipients, a questionnaire handed out at the 科技助农增收送服务活动 with two links and 36
responses, 38 suggestions and 4 research reports.
"""

import datetime
import random

from django.utils import timezone

from campaigns.models import Rectification

from .choices import (
    QuestionKind,
    ReportStatus,
    ResearchMethod,
    ResponseChannel,
    SubjectType,
    SuggestionCategory,
    SuggestionSource,
    SuggestionStatus,
)
from .models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireLink,
    ResearchReport,
    ResearchSubject,
    ResearchTopic,
    ResearchVisit,
    Response,
    Suggestion,
    subject_key,
)

D = datetime.date
S = SubjectType
M = ResearchMethod

TOPICS = [
    ("科技政策落地与企业创新需求", D(2019, 9, 20), "leader"),
    ("农业科技服务与农民增收", D(2019, 9, 20), "staff2"),
    ("科技中介服务体系建设", D(2019, 9, 20), "staff2"),
    ("对标省市科技创新考核指标找差距", D(2019, 9, 20), "leader"),
]

# subject type, subject name, date, method, place, topic index, people met, findings
VISITS = [
    (
        S.DEPARTMENT,
        "县发展和改革局",
        D(2019, 9, 26),
        M.ON_SITE,
        "县发展和改革局",
        0,
        3,
        "了解重大项目中科技创新要素的安排情况。",
    ),
    (
        S.DEPARTMENT,
        "县财政局",
        D(2019, 10, 9),
        M.ON_SITE,
        "县财政局",
        0,
        2,
        "梳理科技专项资金拨付流程，商议省级补助兑现时限。",
    ),
    (
        S.DEPARTMENT,
        "国家税务总局青田县税务局",
        D(2019, 10, 17),
        M.SYMPOSIUM,
        "县税务局会议室",
        0,
        4,
        "研发费用加计扣除、高新技术企业所得税减免政策的落实情况。",
    ),
    (
        S.DEPARTMENT,
        "县农业农村局",
        D(2019, 10, 22),
        M.ON_SITE,
        "县农业农村局",
        1,
        3,
        "对接科技特派员派驻和农业新品种推广计划。",
    ),
    (
        S.DEPARTMENT,
        "县经济商务局",
        D(2019, 11, 1),
        M.ON_SITE,
        "县经济商务局",
        0,
        2,
        "了解规上工业企业研发投入和技术改造需求。",
    ),
    (S.DEPARTMENT, "县农业农村局", D(2019, 12, 4), M.ONLINE, "", 1, 2, "回访农业科技项目推进情况，商定明年培训计划。"),
    (
        S.INTERMEDIARY,
        "县生产力促进中心",
        D(2019, 10, 12),
        M.ON_SITE,
        "县生产力促进中心",
        2,
        4,
        "中介机构服务企业高企申报的能力和收费情况。",
    ),
    (
        S.INTERMEDIARY,
        "丽水市科技成果转化服务中心",
        D(2019, 11, 14),
        M.SYMPOSIUM,
        "市科技成果转化服务中心",
        2,
        5,
        "探讨成果对接、技术经纪人培育合作。",
    ),
    (
        S.INTERMEDIARY,
        "县生产力促进中心",
        D(2019, 12, 12),
        M.ON_SITE,
        "县生产力促进中心",
        2,
        3,
        "商议为小微企业提供科技政策咨询的合作方式。",
    ),
    # Service recipients: 12 + 6 + 15 + 9 + 7 + 20 + 16 + 8 + 13 = 106 person-times.
    (
        S.COMMISSIONER,
        "驻乡镇科技特派员",
        D(2019, 10, 10),
        M.SYMPOSIUM,
        "局三楼会议室",
        1,
        12,
        "特派员反映下乡交通补贴不足、服务时间难以保证。",
    ),
    (
        S.COMMISSIONER,
        "驻企科技特派员",
        D(2019, 11, 19),
        M.ON_SITE,
        "企业服务点",
        0,
        6,
        "企业希望特派员在工艺改进上投入更多时间。",
    ),
    (
        S.SCIENCE_WORKER,
        "县内企业科技人员",
        D(2019, 10, 24),
        M.SYMPOSIUM,
        "县科技馆报告厅",
        0,
        15,
        "科技人员关注职称评定、人才公寓和继续教育。",
    ),
    (
        S.FARMER,
        "船寮镇杨梅种植户",
        D(2019, 10, 15),
        M.ON_SITE,
        "船寮镇杨梅基地",
        1,
        9,
        "种植户希望推广杨梅避雨栽培和冷链保鲜技术。",
    ),
    (
        S.FARMER,
        "章村乡茶叶种植大户",
        D(2019, 10, 29),
        M.ON_SITE,
        "章村乡茶园",
        1,
        7,
        "茶叶加工设备老旧，品牌营销能力弱。",
    ),
    (
        S.FARMER,
        "祯旺乡蔬菜种植户",
        D(2019, 11, 6),
        M.QUESTIONNAIRE,
        "科技助农增收送服务活动现场",
        1,
        20,
        "在送服务活动现场发放问卷，了解种植户技术需求。",
    ),
    (
        S.TOWNSHIP_CADRE,
        "参加送服务活动的乡镇干部",
        D(2019, 11, 6),
        M.SYMPOSIUM,
        "科技助农增收送服务活动现场",
        1,
        16,
        "乡镇干部希望科技项目向山区乡镇倾斜。",
    ),
    (S.SCIENCE_WORKER, "县农业科技人员", D(2019, 12, 3), M.ONLINE, "", 1, 8, "线上交流农业技术推广中的困难。"),
    (
        S.FARMER,
        "油竹街道稻鱼共生种养户",
        D(2019, 12, 11),
        M.ON_SITE,
        "油竹街道稻鱼基地",
        1,
        13,
        "稻鱼共生种养技术规范和品牌认证需求。",
    ),
    (
        S.OTHER,
        "县归国华侨联合会",
        D(2019, 11, 26),
        M.SYMPOSIUM,
        "县侨联会议室",
        0,
        5,
        "了解华侨回乡投资科技项目的政策需求。",
    ),
]

QUESTIONNAIRE_TITLE = "县科技局科技助农服务满意度及意见建议调查"
EVENT_DAY = D(2019, 11, 6)
SATISFACTION = ["满意", "比较满意", "一般", "不满意"]
NEEDS = [
    "农业实用技术培训",
    "科技特派员上门指导",
    "科技项目申报辅导",
    "新品种新技术引进",
    "农产品电商与品牌",
    "融资对接",
]
QUESTIONS = [
    (QuestionKind.SINGLE, "您对县科技局科技助农服务工作的总体评价", True, SATISFACTION),
    (QuestionKind.MULTIPLE, "您最希望科技局提供哪些服务？", True, NEEDS),
    (QuestionKind.RATING, "请为科技特派员服务的及时性打分", True, []),
    (QuestionKind.RATING, "请为科技政策宣传解读的效果打分", True, []),
    (QuestionKind.SHORT_TEXT, "您所在的乡镇（街道）", False, []),
    (QuestionKind.LONG_TEXT, "您对县科技局的工作有什么意见和建议？", False, []),
]
TOWNSHIPS = ["船寮镇", "章村乡", "祯旺乡", "油竹街道", "温溪镇", "仁庄镇", "海口镇", "万山乡"]
# 16 township cadres online, 20 growers (4 of them on paper, typed in the next day).
LINK_RESPONSES = [("乡镇干部", 16, 0), ("种植大户", 20, 4)]

# Suggestions written in the questionnaires' last question: (text, category, status).
QUESTIONNAIRE_SUGGESTIONS = [
    ("科技特派员下乡次数偏少，种植大户遇到技术问题时找不到人，建议建立联系卡制度。", "agriculture", "adopted"),
    ("希望多组织杨梅、茶叶等特色产业的实用技术培训，培训时间避开农忙。", "agriculture", "adopted"),
    ("科技项目申报材料复杂，建议编写通俗易懂的申报指南。", "policy", "answered"),
    ("建议把科技政策汇编发到每个行政村。", "policy", "adopted"),
    ("希望引进适合山区的小型农机和新品种。", "agriculture", "handling"),
    ("农产品缺少品牌，建议帮助对接电商平台。", "agriculture", "handling"),
    ("建议科技项目资金向山区乡镇倾斜。", "policy", "not_adopted"),
    ("科技局工作人员下乡服务态度好，希望常态化开展送服务活动。", "conduct", "answered"),
    ("建议建立种植大户技术需求台账，跟踪解决。", "agriculture", "adopted"),
    ("希望提供农业贷款、保险方面的对接服务。", "enterprise", "received"),
    ("建议在乡镇设立科技服务站点。", "talent", "handling"),
    ("希望定期发布病虫害预警和防治技术信息。", "agriculture", "received"),
]
# (visit index, text, category, status); symposium visits give symposium suggestions.
VISIT_SUGGESTIONS = [
    (9, "提高科技特派员下乡交通补贴标准。", "talent", "handling"),
    (9, "科技特派员服务考核应以服务对象评价为主。", "talent", "adopted"),
    (9, "建议为科技特派员购买意外保险。", "talent", "answered"),
    (11, "在职称评审中提高科技成果转化的权重。", "talent", "not_adopted"),
    (11, "建议为企业科技人员提供继续教育课程。", "talent", "adopted"),
    (11, "人才公寓申请条件应向企业研发人员倾斜。", "talent", "received"),
    (15, "科技项目立项时多征求乡镇意见。", "policy", "adopted"),
    (15, "乡镇缺少懂科技的干部，建议开展乡镇干部科技培训。", "talent", "handling"),
    (7, "建议建立全县技术经纪人队伍。", "enterprise", "answered"),
    (2, "研发费用加计扣除政策宣传应更早介入企业财务年度。", "policy", "adopted"),
    (12, "杨梅冷链保鲜技术推广需要资金补助。", "agriculture", "handling"),
    (12, "建议在船寮镇建设杨梅避雨栽培示范基地。", "agriculture", "adopted"),
    (13, "茶叶加工设备更新希望纳入农机补贴。", "agriculture", "not_adopted"),
    (13, "帮助章村乡茶叶注册地理标志。", "agriculture", "received"),
    (17, "稻鱼共生需要统一的技术规范和培训。", "agriculture", "adopted"),
    (17, "稻鱼米品牌认证费用较高，希望给予补助。", "agriculture", "received"),
    (10, "特派员驻企时间应与企业生产周期相匹配。", "enterprise", "answered"),
    (6, "中介机构代理高企申报收费应公开透明。", "enterprise", "adopted"),
    (1, "省级财政补助兑现时间过长，建议简化流程。", "policy", "handling"),
    (4, "企业技术改造项目与科技项目申报应加强衔接。", "enterprise", "answered"),
]
DIRECT_SUGGESTIONS = [
    ("局网站科技政策栏目更新不及时。", "conduct", "adopted", "群众来电"),
    ("办事指南应一次性告知所需材料。", "conduct", "adopted", "企业代表"),
    ("建议开通科技政策咨询热线。", "policy", "answered", "政协委员"),
    ("希望举办高新技术企业申报培训班。", "enterprise", "adopted", "企业代表"),
    ("科技创新券使用范围应扩大到检测服务。", "enterprise", "handling", "企业代表"),
    ("加强与高校院所的合作对接活动。", "talent", "received", "人大代表"),
]
REPLIES = {
    "answered": "已电话答复，说明现行政策及下一步打算。",
    "adopted": "建议已采纳，已列入整改措施或下一年度工作计划。",
    "not_adopted": "已答复说明情况。",
}
NOT_ADOPTED_REASON = "超出本局职权范围，已向县政府有关部门反映。"

REPORTS = [
    ("关于我县科技政策落地情况的调研报告", 0, "陈立新、吴晓燕", D(2019, 11, 28)),
    ("关于加强农业科技服务助力农民增收的调研报告", 1, "周海峰", D(2019, 12, 10)),
    ("关于培育发展科技中介服务机构的调研报告", 2, "周海峰、叶静", D(2019, 12, 18)),
    ("对标省市科技创新考核指标找差距的调研报告", 3, "陈立新", D(2019, 12, 25)),
]


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(context):
    bureau, users, campaign = context["bureau"], context["users"], context["campaign"]
    recorders = [users["staff"], users["staff2"], users["staff3"]]
    common = {"bureau": bureau, "campaign": campaign}

    def recorder(i):
        user = recorders[i % len(recorders)]
        return {"recorded_by": user, "department": user.department}

    topics = []
    for i, (title, day, lead) in enumerate(TOPICS):
        topic, _ = ResearchTopic.objects.get_or_create(
            **common, title=title, defaults={"date": day, "lead": users[lead], **recorder(i)}
        )
        topics.append(topic)

    visits = []
    for i, (subject_type, name, day, method, place, topic, people, findings) in enumerate(VISITS):
        subject, _ = ResearchSubject.objects.get_or_create(
            bureau=bureau, name_key=subject_key(name), defaults={"name": name, "subject_type": subject_type}
        )
        visit, _ = ResearchVisit.objects.get_or_create(
            **common,
            subject=subject,
            date=day,
            defaults={
                "method": method,
                "place": place,
                "topic": topics[topic],
                "people_met": people,
                "findings": findings,
                **recorder(i),
            },
        )
        visits.append(visit)

    responses = _load_questionnaire(common, users)

    index = 0
    handling = {text: (category, status) for text, category, status in QUESTIONNAIRE_SUGGESTIONS}
    for response, text in responses:
        category, status = handling[text]
        _suggestion(
            common,
            recorder(index),
            content=text,
            category=category,
            status=status,
            date=EVENT_DAY,
            source=SuggestionSource.QUESTIONNAIRE,
            questionnaire=response.questionnaire,
            response=response,
            raised_by=f"问卷填写人（{response.link.label}）",
        )
        index += 1
    for visit_index, text, category, status in VISIT_SUGGESTIONS:
        visit = visits[visit_index]
        _suggestion(
            common,
            recorder(index),
            content=text,
            category=category,
            status=status,
            date=visit.date,
            source=SuggestionSource.SYMPOSIUM if visit.method == M.SYMPOSIUM else SuggestionSource.VISIT,
            visit=visit,
            raised_by=visit.subject.name,
        )
        index += 1
    for i, (text, category, status, who) in enumerate(DIRECT_SUGGESTIONS):
        _suggestion(
            common,
            recorder(index),
            content=text,
            category=category,
            status=status,
            date=D(2019, 10, 8) + datetime.timedelta(days=11 * i),
            source=SuggestionSource.DIRECT,
            raised_by=who,
        )
        index += 1

    # The campaign's problem list already holds the growers' complaint: link the suggestion to it.
    growers_problem = Rectification.objects.filter(
        campaign=campaign, problem__contains="种植大户反映技术指导不及时"
    ).first()
    first = Suggestion.objects.filter(campaign=campaign, content=QUESTIONNAIRE_SUGGESTIONS[0][0]).first()
    if growers_problem and first and first.rectification_id is None and not hasattr(growers_problem, "suggestion"):
        first.rectification = growers_problem
        first.save()

    for i, (title, topic, authors, day) in enumerate(REPORTS):
        ResearchReport.objects.get_or_create(
            **common,
            title=title,
            defaults={
                "topic": topics[topic],
                "authors": authors,
                "date": day,
                "status": ReportStatus.FINISHED,
                "summary": f"围绕“{topics[topic].title}”专题，汇总走访座谈情况，分析存在问题，提出对策建议。",
                **recorder(i),
            },
        )
    load_neighbour(context)


def _suggestion(common, recorder, *, content, status, category, **fields):
    handled = status in REPLIES
    Suggestion.objects.get_or_create(
        **common,
        content=content,
        defaults={
            **fields,
            **recorder,
            "status": SuggestionStatus(status),
            "category": SuggestionCategory(category),
            "reply": REPLIES.get(status, ""),
            "replied_on": fields["date"] + datetime.timedelta(days=14) if handled else None,
            "not_adopted_reason": NOT_ADOPTED_REASON if status == SuggestionStatus.NOT_ADOPTED else "",
        },
    )


def _load_questionnaire(common, users) -> list[tuple[Response, str]]:
    """The questionnaire of the service event, its two links and 36 responses (created once).

    Returns the responses that wrote a suggestion, with its text.
    """
    questionnaire, _ = Questionnaire.objects.get_or_create(
        **common,
        title=QUESTIONNAIRE_TITLE,
        defaults={
            "intro": "您好！这是县科技局在主题教育“科技助农增收送服务活动”中发放的调查问卷，"
            "诚挚邀请您为我们的工作提要求、提建议，帮助我们查摆问题、改进服务。问卷不记名，约需 3 分钟。",
            "notes": "2019年11月6日科技助农增收送服务活动现场发放，乡镇干部、种植大户各一个填写链接。",
            "opens_on": EVENT_DAY,
            "closes_on": EVENT_DAY + datetime.timedelta(days=14),
            "thank_you": "感谢您的宝贵意见！我们将认真梳理，逐条研究落实。",
            "recorded_by": users["staff2"],
            "department": users["staff2"].department,
        },
    )
    questions = [
        Question.objects.get_or_create(
            questionnaire=questionnaire,
            position=position,
            defaults={"kind": kind, "text": text, "required": required, "options": options},
        )[0]
        for position, (kind, text, required, options) in enumerate(QUESTIONS)
    ]
    links = {
        label: QuestionnaireLink.objects.get_or_create(questionnaire=questionnaire, label=label)[0]
        for label, _, _ in LINK_RESPONSES
    }
    if not questionnaire.responses.exists():
        _create_responses(questionnaire, questions, links, users)
    written = (
        Answer.objects.filter(question=questions[-1])
        .exclude(text="")
        .select_related("response__questionnaire", "response__link")
        .order_by("response_id")
    )
    return [(answer.response, answer.text) for answer in written]


def _create_responses(questionnaire, questions, links, users):
    rng = random.Random(2019)  # the same demo answers on every machine
    single, multiple, timely, policy, township, comment = questions
    suggestions = iter(text for text, _, _ in QUESTIONNAIRE_SUGGESTIONS)
    minute = 0
    for label, count, on_paper in LINK_RESPONSES:
        for i in range(count):
            paper = i >= count - on_paper
            minute += 4
            if paper:
                # Filled in at the event, typed in by staff the next morning.
                when = {
                    "channel": ResponseChannel.PAPER,
                    "submitted_at": _local(EVENT_DAY, 12),
                    "created_at": _local(EVENT_DAY + datetime.timedelta(days=1), 10),
                    "entered_by": users["staff2"],
                }
            else:
                submitted = _local(EVENT_DAY, 9) + datetime.timedelta(minutes=minute)
                when = {"channel": ResponseChannel.ONLINE, "submitted_at": submitted, "created_at": submitted}
            response = Response.objects.create(questionnaire=questionnaire, link=links[label], **when)
            answers = [
                Answer(question=single, choices=[rng.choices(SATISFACTION, weights=[6, 4, 2, 1])[0]]),
                Answer(question=multiple, choices=sorted(rng.sample(NEEDS, rng.randint(1, 3)), key=NEEDS.index)),
                Answer(question=timely, rating=rng.choices([2, 3, 4, 5], weights=[1, 3, 5, 4])[0]),
                Answer(question=policy, rating=rng.choices([2, 3, 4, 5], weights=[1, 2, 5, 5])[0]),
            ]
            if rng.random() < 0.7:
                answers.append(Answer(question=township, text=rng.choice(TOWNSHIPS)))
            # Every third response carries a written suggestion, until the twelve are used.
            text = next(suggestions, None) if i % 3 == 0 or (label == "种植大户" and i % 3 == 1) else None
            if text:
                answers.append(Answer(question=comment, text=text))
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)


# --- the neighbour county ----------------------------------------------------------------------------

NEIGHBOUR_TOPICS = [("惠明茶产业科技支撑", D(2019, 9, 25)), ("山区农户科技服务需求", D(2019, 9, 25))]
# subject type, name, date, method, topic index, people met
NEIGHBOUR_VISITS = [
    (S.DEPARTMENT, "景宁县农业农村局", D(2019, 9, 27), M.SYMPOSIUM, 0, 4),
    (S.DEPARTMENT, "景宁县经济商务科技局", D(2019, 10, 10), M.ON_SITE, 0, 3),
    (S.DEPARTMENT, "景宁县市场监督管理局", D(2019, 10, 24), M.ON_SITE, 0, 2),
    (S.INTERMEDIARY, "丽水市科技创新服务中心", D(2019, 11, 5), M.ON_SITE, 0, 3),
    (S.COMMISSIONER, "驻景宁科技特派员", D(2019, 10, 16), M.SYMPOSIUM, 1, 9),
    (S.COMMISSIONER, "驻景宁科技特派员", D(2019, 12, 4), M.ON_SITE, 1, 6),
    (S.FARMER, "英川镇高山蔬菜种植户", D(2019, 10, 18), M.ON_SITE, 1, 12),
    (S.FARMER, "大漈乡茶农", D(2019, 11, 1), M.ON_SITE, 1, 15),
    (S.FARMER, "梧桐乡黄精种植户", D(2019, 11, 15), M.ON_SITE, 1, 8),
    (S.FARMER, "东坑镇笋竹种植户", D(2019, 11, 29), M.ON_SITE, 1, 10),
    (S.TOWNSHIP_CADRE, "英川镇乡镇干部", D(2019, 10, 18), M.SYMPOSIUM, 1, 6),
    (S.TOWNSHIP_CADRE, "大漈乡乡镇干部", D(2019, 11, 1), M.SYMPOSIUM, 1, 5),
    (S.SCIENCE_WORKER, "县农科所科技工作者", D(2019, 11, 20), M.SYMPOSIUM, 0, 7),
    (S.FARMER, "雾溪畲族乡香菇种植户", D(2019, 12, 11), M.ON_SITE, 1, 9),
    (S.FARMER, "沙湾镇果蔬种植户", D(2019, 12, 18), M.ON_SITE, 1, 7),
    (S.DEPARTMENT, "景宁县农业农村局", D(2020, 1, 8), M.ONLINE, 0, 2),
]
NEIGHBOUR_SUGGESTIONS = [
    ("建议组织茶叶加工技术培训班", SuggestionCategory.AGRICULTURE, SuggestionStatus.ADOPTED),
    ("希望科技特派员定期到村指导病虫害防治", SuggestionCategory.AGRICULTURE, SuggestionStatus.ADOPTED),
    ("建议简化农业科技项目申报材料", SuggestionCategory.POLICY, SuggestionStatus.ANSWERED),
    ("建议建立高山蔬菜技术需求台账", SuggestionCategory.AGRICULTURE, SuggestionStatus.HANDLING),
    ("希望引进黄精种苗繁育技术", SuggestionCategory.AGRICULTURE, SuggestionStatus.HANDLING),
    ("建议在乡镇设立科技服务点", SuggestionCategory.CONDUCT, SuggestionStatus.ANSWERED),
    ("希望加大对小微企业科技项目的扶持", SuggestionCategory.ENTERPRISE, SuggestionStatus.RECEIVED),
    ("建议用畲语、图解方式宣传科技政策", SuggestionCategory.OTHER, SuggestionStatus.ADOPTED),
    ("建议开展农产品电商技术培训", SuggestionCategory.AGRICULTURE, SuggestionStatus.NOT_ADOPTED),
    ("希望科技信息及时发布到村微信群", SuggestionCategory.CONDUCT, SuggestionStatus.ANSWERED),
    ("建议加强香菇烘干节能技术推广", SuggestionCategory.AGRICULTURE, SuggestionStatus.RECEIVED),
    ("建议组织企业到高校院所对接技术", SuggestionCategory.TALENT, SuggestionStatus.HANDLING),
]
NEIGHBOUR_REPORTS = [
    ("关于科技支撑惠明茶产业提质增效的调研报告", 0, "雷建华、蓝美玲", D(2019, 12, 12)),
    ("关于山区农户科技服务需求的调研报告", 1, "钟伟", D(2019, 12, 26)),
]


def load_neighbour(context):
    """The neighbour county's research strand: topics, visits, a small questionnaire, suggestions, reports."""
    bureau, users, campaign = context["neighbour"], context["neighbour_users"], context["neighbour_campaign"]
    leader, staff, staff2 = users["county2"], users["county2-staff"], users["county2-staff2"]
    recorders = [staff, staff2]
    common = {"bureau": bureau, "campaign": campaign}

    def recorder(i):
        user = recorders[i % len(recorders)]
        return {"recorded_by": user, "department": user.department}

    topics = [
        ResearchTopic.objects.get_or_create(
            **common, title=title, defaults={"date": day, "lead": leader, **recorder(0)}
        )[0]
        for title, day in NEIGHBOUR_TOPICS
    ]
    visits = []
    for i, (subject_type, name, day, method, topic, people) in enumerate(NEIGHBOUR_VISITS):
        subject, _ = ResearchSubject.objects.get_or_create(
            bureau=bureau, name_key=subject_key(name), defaults={"name": name, "subject_type": subject_type}
        )
        visit, _ = ResearchVisit.objects.get_or_create(
            **common,
            subject=subject,
            date=day,
            defaults={
                "method": method,
                "place": name,
                "topic": topics[topic],
                "people_met": people,
                "findings": "听取对科技服务的意见和需求，梳理形成问题清单。",
                **recorder(i),
            },
        )
        visits.append(visit)
    questionnaire, _ = Questionnaire.objects.get_or_create(
        **common,
        title="景宁县科技局科技服务满意度调查",
        defaults={
            "intro": "您好！请为县科技局的科技服务工作提出意见建议，问卷不记名。",
            "opens_on": D(2019, 11, 1),
            "closes_on": D(2019, 11, 30),
            **recorder(0),
        },
    )
    single = Question.objects.get_or_create(
        questionnaire=questionnaire,
        position=0,
        defaults={"kind": QuestionKind.SINGLE, "text": "您对科技服务的总体评价", "options": SATISFACTION},
    )[0]
    link = QuestionnaireLink.objects.get_or_create(questionnaire=questionnaire, label="茶农")[0]
    if not questionnaire.responses.exists():
        rng = random.Random(2020)
        for i in range(12):
            response = Response.objects.create(
                questionnaire=questionnaire,
                link=link,
                channel=ResponseChannel.ONLINE,
                submitted_at=_local(D(2019, 11, 1) + datetime.timedelta(days=i), 10),
            )
            Answer.objects.create(response=response, question=single, choices=[rng.choice(SATISFACTION[:3])])
    for i, (content, category, status) in enumerate(NEIGHBOUR_SUGGESTIONS):
        visit = visits[i % len(visits)]
        _suggestion(
            common,
            recorder(i),
            content=content,
            category=category,
            status=status,
            date=visit.date,
            source=SuggestionSource.SYMPOSIUM if visit.method == M.SYMPOSIUM else SuggestionSource.VISIT,
            visit=visit,
            raised_by=visit.subject.name,
        )
    for i, (title, topic, authors, day) in enumerate(NEIGHBOUR_REPORTS):
        ResearchReport.objects.get_or_create(
            **common,
            title=title,
            defaults={
                "topic": topics[topic],
                "authors": authors,
                "date": day,
                "status": ReportStatus.FINISHED,
                "summary": "汇总调研情况，分析存在问题，提出对策建议。",
                **recorder(i),
            },
        )
