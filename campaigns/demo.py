"""Demo campaign: the bureau's 2019 不忘初心、牢记使命 campaign, its plan, study sessions and problem list."""

import datetime

from bureau.demo import walk
from bureau.ledger.lifecycle import Step

from .choices import GroupRole, RectificationSource, StudyKind
from .models import Campaign, LeadingGroupMember, PlanTask, Rectification, StudySession

D = datetime.date

CENTRAL_GROUP = [
    (D(2019, 9, 12), "传达学习全县主题教育工作会议精神及县委书记讲话", "县委主题教育工作会议讲话"),
    (
        D(2019, 9, 20),
        "学习《习近平关于“不忘初心、牢记使命”重要论述选编》（一）",
        "《习近平关于“不忘初心、牢记使命”重要论述选编》",
    ),
    (
        D(2019, 9, 27),
        "学习《习近平新时代中国特色社会主义思想学习纲要》",
        "《习近平新时代中国特色社会主义思想学习纲要》",
    ),
    (D(2019, 10, 11), "学习习近平总书记对丽水、青田工作的重要指示精神", "总书记对丽水、青田工作重要指示"),
    (D(2019, 10, 25), "学习习近平总书记关于科技创新的重要论述", "关于科技创新的重要论述摘编"),
    (D(2019, 11, 8), "学习党史、新中国史", "《中国共产党简史》《中华人民共和国简史》选读"),
    (D(2019, 11, 22), "弘扬新时代“红船精神”和浙江精神", "“红船精神”专题学习材料"),
    (
        D(2019, 12, 6),
        "学习《习近平关于“不忘初心、牢记使命”重要论述选编》（二）",
        "《习近平关于“不忘初心、牢记使命”重要论述选编》",
    ),
]
COLLECTIVE_TOPICS = [
    "主题教育动员部署，学习实施方案",
    "原原本本学《党章》",
    "学习《中国共产党纪律处分条例》",
    "选读《浙西南革命精神普及读本》",
    "学习“两山”发展大会精神",
    "学习省市科技创新考核指标，对标找差距",
    "学习典型案例：攻坚克难服务企业",
    "学习《习近平新时代中国特色社会主义思想学习纲要》第三章",
    "学习科技领域改革政策文件",
    "学习党的十九届四中全会精神（一）",
    "学习党的十九届四中全会精神（二）",
    "学习高新技术企业认定管理办法",
    "学习中央和省市委关于整改落实的部署要求",
    "学习先进典型事迹，交流学习体会",
]
SEMINARS = [
    (D(2019, 10, 18), "“守初心、担使命”专题研讨：科技工作如何服务高质量发展"),
    (D(2019, 11, 29), "“找差距、抓落实”专题研讨：查摆问题、推动科技政策落地"),
]
PRACTICE = [
    (D(2019, 10, 16), "“初心路”革命传统教育", "县革命传统教育基地"),
    (D(2019, 10, 30), "“万山红”红色教育实践活动", "县内红色教育基地"),
    (D(2019, 11, 13), "参观爱国主义教育基地", "县爱国主义教育基地"),
    (D(2019, 11, 27), "廉政文化教育基地警示教育", "县廉政文化教育基地"),
]
DELIVERED = [
    (D(2019, 10, 22), "为退休老党员送学上门：主题教育学习材料", "退休老党员家中"),
    (D(2019, 11, 19), "为驻企科技特派员送学上门", "企业服务点"),
]
SELF_STUDY = [
    (D(2019, 9, 30), "个人自学《习近平关于“不忘初心、牢记使命”重要论述选编》"),
    (D(2019, 10, 31), "个人自学科技创新重要论述，撰写心得体会"),
]

PLAN = [
    ("召开全局主题教育工作会议", D(2019, 9, 12), D(2019, 9, 13), "closed", D(2019, 9, 12)),
    ("制定主题教育实施方案", D(2019, 9, 12), D(2019, 9, 16), "closed", D(2019, 9, 15)),
    ("成立主题教育领导小组及办公室", D(2019, 9, 12), D(2019, 9, 16), "closed", D(2019, 9, 13)),
    ("制定学习教育工作计划", D(2019, 9, 13), D(2019, 9, 20), "closed", D(2019, 9, 18)),
    ("列出调研专题，开展调查研究", D(2019, 9, 20), D(2019, 11, 15), "closed", D(2019, 11, 14)),
    ("检视问题，形成班子和个人问题清单", D(2019, 10, 15), D(2019, 11, 30), "closed", D(2019, 11, 28)),
    ("开展专项整治，即知即改、立行立改", D(2019, 10, 15), D(2020, 1, 15), "in_progress", None),
    ("召开专题民主生活会和组织生活会", D(2019, 12, 1), D(2019, 12, 31), "in_progress", None),
    ("主题教育总结评估", D(2020, 1, 5), D(2020, 1, 31), "pending", None),
]

RECTIFICATIONS = [
    # source, found, problem, measure, deadline, state (steps_to), immediate, the day close-off is applied for
    (
        RectificationSource.RESEARCH,
        D(2019, 10, 20),
        "科技政策宣传不到位，部分企业对高新技术企业认定等政策知晓率不高",
        "组建主题教育服务小组，送政策上门，编印科技政策汇编",
        D(2019, 11, 30),
        "closed",
        False,
        D(2019, 11, 25),
    ),
    (
        RectificationSource.ENTERPRISE,
        D(2019, 10, 28),
        "鼓励企业自主创新的财税、金融、产业等政策尚未真正落实到位",
        "梳理政策兑现清单，联合财政、税务部门逐项推动兑现",
        D(2019, 12, 31),
        "applied",
        False,
        D(2019, 12, 20),
    ),
    (
        RectificationSource.LEADERSHIP,
        D(2019, 11, 5),
        "班子理论学习不够系统深入，学用结合不够紧密",
        "完善党组中心组学习制度，每月至少集中学习两次",
        D(2019, 11, 15),
        "returned_then_closed",
        True,
        D(2019, 11, 12),
    ),
    (
        RectificationSource.INDIVIDUAL,
        D(2019, 11, 8),
        "深入企业和基层一线调研不够，掌握情况不够全面",
        "班子成员每人联系若干企业，定期走访",
        D(2019, 12, 15),
        "applied",
        False,
        D(2019, 12, 10),
    ),
    (
        RectificationSource.QUESTIONNAIRE,
        D(2019, 11, 12),
        "农业科技服务覆盖面不够，种植大户反映技术指导不及时",
        "扩大科技特派员服务范围，建立种植大户技术需求台账",
        D(2020, 1, 15),
        "extension_asked",
        False,
        None,
    ),
    (
        RectificationSource.ENTERPRISE,
        D(2019, 11, 20),
        "企业创新动力和综合竞争力不足，研发投入偏低",
        "引导企业加大研发投入，落实研发费用加计扣除",
        D(2020, 1, 31),
        "extended",
        False,
        None,
    ),
    (
        RectificationSource.LEADERSHIP,
        D(2019, 11, 25),
        "服务企业的针对性、精准性有待提升",
        "建立企业需求清单和问题销号机制",
        D(2019, 12, 20),
        "pending",
        False,
        None,
    ),
    (
        RectificationSource.OTHER,
        D(2019, 12, 2),
        "办事流程告知不够清晰，群众办事需多次咨询",
        "公开办事指南，一次性告知所需材料",
        D(2019, 12, 5),
        "pending",
        True,
        None,
    ),
]


def steps_to(state, owner, reviewer, start, done_on=None, result="已按措施完成整改。"):
    """The work loop's steps that bring a demo item from 待签收 to `state`, each on a plausible day."""
    day = datetime.timedelta(days=1)
    if state == "pending":
        return []
    steps = [(Step.ACKNOWLEDGE, owner, start + day, "已签收，按要求抓好落实。")]
    if state == "in_progress":
        return steps
    if state == "extension_asked":
        return [
            *steps,
            (Step.PROGRESS, owner, D(2019, 12, 16), "已走访种植大户 23 户，建立技术需求台账。"),
            (
                Step.ASK_EXTENSION,
                owner,
                D(2020, 1, 10),
                "高山片区种植大户分布分散，冬季道路结冰，走访需延长。",
                {"deadline": D(2020, 2, 28)},
            ),
        ]
    if state == "extended":
        return [
            *steps,
            (
                Step.ASK_EXTENSION,
                owner,
                D(2020, 1, 20),
                "企业研发投入统计口径待税务部门年度汇算后确定。",
                {"deadline": D(2020, 3, 31)},
            ),
            (Step.GRANT_EXTENSION, reviewer, D(2020, 1, 22), "同意延期，请于年度汇算结束后及时申请销号。"),
        ]
    apply = (Step.APPLY, owner, done_on, "整改措施已落实，申请销号。", {"values": {"result": result}})
    if state == "returned_then_closed":
        first = (Step.APPLY, owner, done_on - 2 * day, "已完善学习制度，申请销号。", {"values": {"result": result}})
        returned = (Step.RETURN, reviewer, done_on - day, "学习制度未附年度学习计划，请补充后重新申请销号。")
        steps += [first, returned, apply, (Step.CLOSE, reviewer, done_on + 2 * day, "材料齐全，同意销号。")]
        return steps
    steps.append(apply)
    if state == "closed":
        steps.append((Step.CLOSE, reviewer, done_on + 2 * day, "整改到位，同意销号。"))
    return steps


def plan_steps(state, owner, reviewer, issued, completed):
    """A plan task done on `completed` is closed off that same day: the plan counts it in that month."""
    if state != "closed":
        return steps_to(state, owner, reviewer, issued)
    return [
        (Step.ACKNOWLEDGE, owner, issued, "已签收。"),
        (Step.APPLY, owner, completed, "任务已完成，申请销号。"),
        (Step.CLOSE, reviewer, completed, "同意销号。"),
    ]


def load(context):
    bureau, users, departments = context["bureau"], context["users"], context["departments"]
    campaign, _ = Campaign.objects.get_or_create(
        bureau=bureau,
        name="“不忘初心、牢记使命”主题教育",
        defaults={
            "start": D(2019, 9, 12),
            "end": D(2020, 1, 31),
            "general_requirement": "守初心、担使命、找差距、抓落实",
            "is_active": True,
        },
    )
    context["campaign"] = campaign
    for user, role, duty in [
        (users["leader"], GroupRole.LEADER, "党组书记，履行第一责任人职责"),
        (users["staff2"], GroupRole.MEMBER, "班子成员，分管调查研究"),
        (users["staff3"], GroupRole.MEMBER, "班子成员，分管整改落实"),
        (users["admin"], GroupRole.OFFICE, "领导小组办公室，组织协调"),
        (users["staff"], GroupRole.OFFICE, "领导小组办公室，台账记录"),
    ]:
        LeadingGroupMember.objects.get_or_create(campaign=campaign, user=user, defaults={"role": role, "duty": duty})

    office = departments["办公室"]
    common = {"bureau": bureau, "campaign": campaign}
    for i, (title, issued, deadline, state, completed) in enumerate(PLAN):
        owner = users["admin"] if i % 3 == 1 else users["leader"]
        task, _ = PlanTask.objects.get_or_create(
            **common,
            title=title,
            defaults={
                "date": issued,
                "deadline": deadline,
                "owner": owner,
                "department": office,
                "recorded_by": users["admin"],
            },
        )
        walk(task, users["admin"], *plan_steps(state, owner, users["leader"], issued, completed))

    sessions = [
        (StudyKind.CENTRAL_GROUP, day, topic, material, "局党组会议室", "陈立新", 9)
        for day, topic, material in CENTRAL_GROUP
    ]
    start = D(2019, 9, 16)
    sessions += [
        (StudyKind.COLLECTIVE, start + datetime.timedelta(days=7 * i), topic, "", "局三楼会议室", "刘欣亮", 21 + i % 4)
        for i, topic in enumerate(COLLECTIVE_TOPICS)
    ]
    sessions += [(StudyKind.SEMINAR, day, topic, "", "局党组会议室", "陈立新", 12) for day, topic in SEMINARS]
    sessions += [(StudyKind.PRACTICE, day, topic, "", place, "刘欣亮", 18) for day, topic, place in PRACTICE]
    sessions += [(StudyKind.DELIVERED, day, topic, "学习材料汇编", place, "叶静", 4) for day, topic, place in DELIVERED]
    sessions += [(StudyKind.SELF_STUDY, day, topic, "", "", "", 1) for day, topic in SELF_STUDY]
    recorders = [users["staff"], users["staff2"], users["admin"]]
    for i, (kind, day, topic, material, place, host, attendance) in enumerate(sessions):
        recorder = recorders[i % len(recorders)]
        StudySession.objects.get_or_create(
            **common,
            kind=kind,
            date=day,
            topic=topic,
            defaults={
                "reading_material": material,
                "place": place,
                "host": host,
                "attendance": attendance,
                "minutes": f"{host or '本人'}领学，与会同志结合岗位实际交流了学习体会。"
                if kind != StudyKind.SELF_STUDY
                else "",
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )

    owners = [users["staff2"], users["staff3"], users["staff2"], users["staff"], users["staff3"], users["staff"]]
    for i, (source, found, problem, measure, deadline, state, immediate, done_on) in enumerate(RECTIFICATIONS):
        recorder = recorders[i % len(recorders)]
        owner = owners[i % len(owners)]
        item, _ = Rectification.objects.get_or_create(
            **common,
            problem=problem,
            defaults={
                "source": source,
                "date": found,
                "measure": measure,
                "owner": owner,
                "supervisor": users["leader"],
                "deadline": deadline,
                "immediate": immediate,
                "department": owner.department,
                "recorded_by": recorder,
            },
        )
        walk(item, recorder, *steps_to(state, owner, users["leader"], found, done_on))
    load_neighbours(context)


# --- the city and the neighbour county -----------------------------------------------------------------

NEIGHBOUR_STUDY = [
    (StudyKind.CENTRAL_GROUP, D(2019, 9, 18), "传达学习全市主题教育工作会议精神", "局党组会议室", 8),
    (StudyKind.CENTRAL_GROUP, D(2019, 10, 9), "学习《习近平关于“不忘初心、牢记使命”重要论述选编》", "局党组会议室", 8),
    (StudyKind.CENTRAL_GROUP, D(2019, 10, 23), "学习习近平总书记关于科技创新的重要论述", "局党组会议室", 7),
    (StudyKind.CENTRAL_GROUP, D(2019, 11, 13), "学习党的十九届四中全会精神", "局党组会议室", 8),
    (StudyKind.CENTRAL_GROUP, D(2019, 11, 27), "学习民族地区科技工作政策", "局党组会议室", 8),
    (StudyKind.CENTRAL_GROUP, D(2019, 12, 11), "学习中央关于整改落实的部署要求", "局党组会议室", 8),
    (StudyKind.COLLECTIVE, D(2019, 9, 24), "主题教育动员部署，学习实施方案", "局会议室", 16),
    (StudyKind.COLLECTIVE, D(2019, 10, 8), "原原本本学《党章》", "局会议室", 15),
    (StudyKind.COLLECTIVE, D(2019, 10, 22), "学习《中国共产党纪律处分条例》", "局会议室", 16),
    (StudyKind.COLLECTIVE, D(2019, 11, 5), "学习畲乡科技特派员先进事迹", "局会议室", 14),
    (StudyKind.COLLECTIVE, D(2019, 11, 19), "学习“两山”理念在景宁的实践", "局会议室", 16),
    (StudyKind.COLLECTIVE, D(2019, 12, 3), "学习科技领域改革政策文件", "局会议室", 15),
    (StudyKind.COLLECTIVE, D(2019, 12, 17), "学习先进典型事迹，交流学习体会", "局会议室", 16),
    (StudyKind.COLLECTIVE, D(2020, 1, 7), "学习主题教育总结评估要求", "局会议室", 15),
    (StudyKind.SEMINAR, D(2019, 10, 30), "专题研讨：科技如何助力畲乡山区共同富裕", "局党组会议室", 10),
    (StudyKind.SEMINAR, D(2019, 12, 4), "专题研讨：对照初心使命查找科技服务差距", "局党组会议室", 10),
    (StudyKind.PRACTICE, D(2019, 10, 17), "赴革命老区开展红色教育", "县革命历史纪念馆", 14),
    (StudyKind.PRACTICE, D(2019, 11, 21), "廉政教育基地警示教育", "县廉政教育基地", 15),
    (StudyKind.DELIVERED, D(2019, 11, 7), "为茶园科技特派员送学上门", "惠明茶园服务点", 3),
    (StudyKind.SELF_STUDY, D(2019, 10, 31), "个人自学《习近平新时代中国特色社会主义思想学习纲要》", "", 1),
]
NEIGHBOUR_PLAN = [
    ("召开主题教育动员部署会", D(2019, 9, 16), D(2019, 9, 20), "closed", D(2019, 9, 18)),
    ("制定主题教育实施方案", D(2019, 9, 16), D(2019, 9, 25), "closed", D(2019, 9, 24)),
    ("围绕惠明茶、高山蔬菜产业开展专题调研", D(2019, 9, 25), D(2019, 11, 30), "closed", D(2019, 11, 26)),
    ("形成班子和个人问题清单", D(2019, 10, 20), D(2019, 11, 30), "closed", D(2019, 11, 29)),
    ("开展专项整治，立行立改", D(2019, 10, 20), D(2020, 1, 15), "in_progress", None),
    ("主题教育总结评估", D(2020, 1, 6), D(2020, 1, 31), "pending", None),
]
NEIGHBOUR_RECTIFICATIONS = [
    (
        RectificationSource.RESEARCH,
        D(2019, 10, 25),
        "茶产业科技服务碎片化，特派员与茶企对接不够",
        D(2019, 11, 30),
        "closed",
        D(2019, 11, 22),
    ),
    (
        RectificationSource.LEADERSHIP,
        D(2019, 11, 4),
        "班子成员深入乡镇调研次数偏少",
        D(2019, 11, 30),
        "applied",
        D(2019, 11, 28),
    ),
    (
        RectificationSource.QUESTIONNAIRE,
        D(2019, 11, 8),
        "高山蔬菜种植户反映病虫害防治技术指导不及时",
        D(2019, 12, 31),
        "in_progress",
        None,
    ),
    (
        RectificationSource.ENTERPRISE,
        D(2019, 11, 15),
        "小微企业申报科技项目流程不清楚",
        D(2019, 12, 10),
        "applied",
        D(2019, 12, 6),
    ),
    (
        RectificationSource.INDIVIDUAL,
        D(2019, 11, 20),
        "政策解读材料过于专业，群众看不懂",
        D(2019, 12, 20),
        "in_progress",
        None,
    ),
    (RectificationSource.OTHER, D(2019, 12, 2), "科技信息发布不及时", D(2019, 12, 9), "pending", None),
]


def load_neighbours(context):
    """The city bureau's campaign (it records nothing itself here) and the neighbour county's campaign with
    its study sessions, plan and problem list."""
    dates = {"start": D(2019, 9, 12), "end": D(2020, 1, 31), "general_requirement": "守初心、担使命、找差距、抓落实"}
    context["city_campaign"], _ = Campaign.objects.get_or_create(
        bureau=context["city"], name="“不忘初心、牢记使命”主题教育（市局）", defaults=dates
    )
    bureau, users = context["neighbour"], context["neighbour_users"]
    campaign, _ = Campaign.objects.get_or_create(bureau=bureau, name="“不忘初心、牢记使命”主题教育", defaults=dates)
    context["neighbour_campaign"] = campaign
    leader, staff, staff2 = users["county2"], users["county2-staff"], users["county2-staff2"]
    LeadingGroupMember.objects.get_or_create(
        campaign=campaign, user=leader, defaults={"role": GroupRole.LEADER, "duty": "党组书记，第一责任人"}
    )
    common = {"bureau": bureau, "campaign": campaign}
    recorders = [staff, staff2, leader]
    for i, (kind, day, topic, place, attendance) in enumerate(NEIGHBOUR_STUDY):
        recorder = recorders[i % len(recorders)]
        StudySession.objects.get_or_create(
            **common,
            kind=kind,
            date=day,
            topic=topic,
            defaults={
                "place": place,
                "host": "雷建华" if kind != StudyKind.SELF_STUDY else "",
                "attendance": attendance,
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )
    for title, issued, deadline, state, completed in NEIGHBOUR_PLAN:
        task, _ = PlanTask.objects.get_or_create(
            **common,
            title=title,
            defaults={
                "date": issued,
                "deadline": deadline,
                "owner": leader,
                "department": leader.department,
                "recorded_by": leader,
            },
        )
        walk(task, leader, *plan_steps(state, leader, leader, issued, completed))
    for i, (source, found, problem, deadline, state, done_on) in enumerate(NEIGHBOUR_RECTIFICATIONS):
        recorder = recorders[i % len(recorders)]
        owner = staff if i % 2 else staff2
        item, _ = Rectification.objects.get_or_create(
            **common,
            problem=problem,
            defaults={
                "source": source,
                "date": found,
                "measure": "制定整改措施，明确责任人和时限，逐项销号。",
                "owner": owner,
                "deadline": deadline,
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )
        walk(item, recorder, *steps_to(state, owner, leader, found, done_on))
