"""Demo campaign: the bureau's 2019 不忘初心、牢记使命 campaign, its plan, study sessions and problem list."""

import datetime

from django.utils import timezone

from .choices import GroupRole, RectificationSource, RectificationStatus, StudyKind, TaskStatus
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
    ("召开全局主题教育工作会议", D(2019, 9, 12), D(2019, 9, 13), TaskStatus.DONE, D(2019, 9, 12)),
    ("制定主题教育实施方案", D(2019, 9, 12), D(2019, 9, 16), TaskStatus.DONE, D(2019, 9, 15)),
    ("成立主题教育领导小组及办公室", D(2019, 9, 12), D(2019, 9, 16), TaskStatus.DONE, D(2019, 9, 13)),
    ("制定学习教育工作计划", D(2019, 9, 13), D(2019, 9, 20), TaskStatus.DONE, D(2019, 9, 18)),
    ("列出调研专题，开展调查研究", D(2019, 9, 20), D(2019, 11, 15), TaskStatus.DONE, D(2019, 11, 14)),
    ("检视问题，形成班子和个人问题清单", D(2019, 10, 15), D(2019, 11, 30), TaskStatus.DONE, D(2019, 11, 28)),
    ("开展专项整治，即知即改、立行立改", D(2019, 10, 15), D(2020, 1, 15), TaskStatus.IN_PROGRESS, None),
    ("召开专题民主生活会和组织生活会", D(2019, 12, 1), D(2019, 12, 31), TaskStatus.IN_PROGRESS, None),
    ("主题教育总结评估", D(2020, 1, 5), D(2020, 1, 31), TaskStatus.NOT_STARTED, None),
]

RECTIFICATIONS = [
    # source, found, problem, measure, deadline, status, immediate, rectified_on
    (
        RectificationSource.RESEARCH,
        D(2019, 10, 20),
        "科技政策宣传不到位，部分企业对高新技术企业认定等政策知晓率不高",
        "组建主题教育服务小组，送政策上门，编印科技政策汇编",
        D(2019, 11, 30),
        RectificationStatus.VERIFIED,
        False,
        D(2019, 11, 25),
    ),
    (
        RectificationSource.ENTERPRISE,
        D(2019, 10, 28),
        "鼓励企业自主创新的财税、金融、产业等政策尚未真正落实到位",
        "梳理政策兑现清单，联合财政、税务部门逐项推动兑现",
        D(2019, 12, 31),
        RectificationStatus.RECTIFIED,
        False,
        D(2019, 12, 20),
    ),
    (
        RectificationSource.LEADERSHIP,
        D(2019, 11, 5),
        "班子理论学习不够系统深入，学用结合不够紧密",
        "完善党组中心组学习制度，每月至少集中学习两次",
        D(2019, 11, 15),
        RectificationStatus.VERIFIED,
        True,
        D(2019, 11, 12),
    ),
    (
        RectificationSource.INDIVIDUAL,
        D(2019, 11, 8),
        "深入企业和基层一线调研不够，掌握情况不够全面",
        "班子成员每人联系若干企业，定期走访",
        D(2019, 12, 15),
        RectificationStatus.RECTIFIED,
        False,
        D(2019, 12, 10),
    ),
    (
        RectificationSource.QUESTIONNAIRE,
        D(2019, 11, 12),
        "农业科技服务覆盖面不够，种植大户反映技术指导不及时",
        "扩大科技特派员服务范围，建立种植大户技术需求台账",
        D(2020, 1, 15),
        RectificationStatus.IN_PROGRESS,
        False,
        None,
    ),
    (
        RectificationSource.ENTERPRISE,
        D(2019, 11, 20),
        "企业创新动力和综合竞争力不足，研发投入偏低",
        "引导企业加大研发投入，落实研发费用加计扣除",
        D(2020, 1, 31),
        RectificationStatus.IN_PROGRESS,
        False,
        None,
    ),
    (
        RectificationSource.LEADERSHIP,
        D(2019, 11, 25),
        "服务企业的针对性、精准性有待提升",
        "建立企业需求清单和问题销号机制",
        D(2019, 12, 20),
        RectificationStatus.OPEN,
        False,
        None,
    ),
    (
        RectificationSource.OTHER,
        D(2019, 12, 2),
        "办事流程告知不够清晰，群众办事需多次咨询",
        "公开办事指南，一次性告知所需材料",
        D(2019, 12, 5),
        RectificationStatus.OPEN,
        True,
        None,
    ),
]


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


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
    for title, issued, deadline, status, completed in PLAN:
        PlanTask.objects.get_or_create(
            **common,
            title=title,
            defaults={
                "date": issued,
                "deadline": deadline,
                "owner": users["leader"],
                "status": status,
                "completed_on": completed,
                "department": office,
                "recorded_by": users["admin"],
            },
        )

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

    for i, (source, found, problem, measure, deadline, status, immediate, done_on) in enumerate(RECTIFICATIONS):
        recorder = recorders[i % len(recorders)]
        Rectification.objects.get_or_create(
            **common,
            problem=problem,
            defaults={
                "source": source,
                "date": found,
                "measure": measure,
                "owner": users["leader"] if i % 2 == 0 else users["staff2"],
                "deadline": deadline,
                "status": status,
                "immediate": immediate,
                "rectified_on": done_on,
                "result": "已按措施完成整改。" if done_on else "",
                "verified_by": users["leader"] if status == RectificationStatus.VERIFIED else None,
                "verified_at": _noon(done_on + datetime.timedelta(days=2))
                if status == RectificationStatus.VERIFIED
                else None,
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )
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
    ("召开主题教育动员部署会", D(2019, 9, 16), D(2019, 9, 20), TaskStatus.DONE, D(2019, 9, 18)),
    ("制定主题教育实施方案", D(2019, 9, 16), D(2019, 9, 25), TaskStatus.DONE, D(2019, 9, 24)),
    ("围绕惠明茶、高山蔬菜产业开展专题调研", D(2019, 9, 25), D(2019, 11, 30), TaskStatus.DONE, D(2019, 11, 26)),
    ("形成班子和个人问题清单", D(2019, 10, 20), D(2019, 11, 30), TaskStatus.DONE, D(2019, 11, 29)),
    ("开展专项整治，立行立改", D(2019, 10, 20), D(2020, 1, 15), TaskStatus.IN_PROGRESS, None),
    ("主题教育总结评估", D(2020, 1, 6), D(2020, 1, 31), TaskStatus.NOT_STARTED, None),
]
NEIGHBOUR_RECTIFICATIONS = [
    (
        RectificationSource.RESEARCH,
        D(2019, 10, 25),
        "茶产业科技服务碎片化，特派员与茶企对接不够",
        D(2019, 11, 30),
        RectificationStatus.VERIFIED,
        D(2019, 11, 22),
    ),
    (
        RectificationSource.LEADERSHIP,
        D(2019, 11, 4),
        "班子成员深入乡镇调研次数偏少",
        D(2019, 11, 30),
        RectificationStatus.RECTIFIED,
        D(2019, 11, 28),
    ),
    (
        RectificationSource.QUESTIONNAIRE,
        D(2019, 11, 8),
        "高山蔬菜种植户反映病虫害防治技术指导不及时",
        D(2019, 12, 31),
        RectificationStatus.IN_PROGRESS,
        None,
    ),
    (
        RectificationSource.ENTERPRISE,
        D(2019, 11, 15),
        "小微企业申报科技项目流程不清楚",
        D(2019, 12, 10),
        RectificationStatus.RECTIFIED,
        D(2019, 12, 6),
    ),
    (
        RectificationSource.INDIVIDUAL,
        D(2019, 11, 20),
        "政策解读材料过于专业，群众看不懂",
        D(2019, 12, 20),
        RectificationStatus.IN_PROGRESS,
        None,
    ),
    (RectificationSource.OTHER, D(2019, 12, 2), "科技信息发布不及时", D(2019, 12, 9), RectificationStatus.OPEN, None),
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
    for title, issued, deadline, status, completed in NEIGHBOUR_PLAN:
        PlanTask.objects.get_or_create(
            **common,
            title=title,
            defaults={
                "date": issued,
                "deadline": deadline,
                "owner": leader,
                "status": status,
                "completed_on": completed,
                "department": leader.department,
                "recorded_by": leader,
            },
        )
    for i, (source, found, problem, deadline, status, done_on) in enumerate(NEIGHBOUR_RECTIFICATIONS):
        recorder = recorders[i % len(recorders)]
        Rectification.objects.get_or_create(
            **common,
            problem=problem,
            defaults={
                "source": source,
                "date": found,
                "measure": "制定整改措施，明确责任人和时限，逐项销号。",
                "owner": staff if i % 2 else staff2,
                "deadline": deadline,
                "status": status,
                "rectified_on": done_on,
                "result": "已按措施完成整改。" if done_on else "",
                "verified_by": leader if status == RectificationStatus.VERIFIED else None,
                "verified_at": _noon(done_on + datetime.timedelta(days=3))
                if status == RectificationStatus.VERIFIED
                else None,
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )
