"""Demo enterprise service: the county's enterprises, the visits of the campaign's service team, the problems they
solved, the qualification applications they helped file and the agreements signed with universities and institutes.

Reproduces the article's figures inside the demo campaign (2019-09-12 … 2020-01-31): 63 enterprises visited,
42 problems solved (and a few still open), applications filed — 7 national high-tech enterprises, 10 provincial
science-based SMEs, 2 provincial enterprise research institutes, 2 provincial R&D centres — 5 strategic
cooperation agreements and one joint platform. Enterprise names other than the two in the article are invented.
"""

import datetime
import itertools

from stdnum.cn import uscc

from bureau.demo import walk
from bureau.ledger.lifecycle import Step

from .choices import (
    AgreementKind,
    ApplicationKind,
    ApplicationStatus,
    InstitutionKind,
    IssueCategory,
    IssueOutcome,
    Satisfaction,
    VisitPurpose,
)
from .models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Institution,
    Policy,
    Qualification,
    ensure_default_policies,
)

D = datetime.date
QINGTIAN = "331121"  # administrative division code of 青田县, digits 3–8 of a local credit code

ZHENGTENG = "青田县正腾金属饰品有限公司"
QINGSHAN = "浙江青山钢铁有限公司"

# name, town, industry, within the provincial high-tech industry codes, export markets ("" = does not export)
ENTERPRISES = [
    (ZHENGTENG, "油竹街道", "金属制品业", True, "美国"),
    (QINGSHAN, "温溪镇", "黑色金属冶炼和压延加工业", True, "东南亚、欧盟"),
    ("青田县石韵雕刻艺术有限公司", "山口镇", "工艺美术及礼仪用品制造业", False, ""),
    ("青田县封门青石艺有限公司", "山口镇", "工艺美术及礼仪用品制造业", False, ""),
    ("青田县印石轩文化创意有限公司", "鹤城街道", "工艺美术及礼仪用品制造业", False, ""),
    ("青田县千峰石雕工艺品有限公司", "山口镇", "工艺美术及礼仪用品制造业", False, "日本、韩国"),
    ("青田县瓯江石文化发展有限公司", "油竹街道", "工艺美术及礼仪用品制造业", False, ""),
    ("青田县灯光冻印章艺术有限公司", "鹤城街道", "工艺美术及礼仪用品制造业", False, ""),
    ("青田县方山石刻工艺有限公司", "方山乡", "工艺美术及礼仪用品制造业", False, ""),
    ("青田县圣贤石雕有限公司", "山口镇", "工艺美术及礼仪用品制造业", False, ""),
    ("浙江瓯江阀门有限公司", "温溪镇", "通用设备制造业", True, "俄罗斯、中东"),
    ("青田县温溪阀门铸造有限公司", "温溪镇", "通用设备制造业", True, ""),
    ("浙江恒通流体控制股份有限公司", "油竹街道", "通用设备制造业", True, "美国、欧盟"),
    ("青田县华鼎阀业有限公司", "温溪镇", "通用设备制造业", True, ""),
    ("浙江力威阀门有限公司", "瓯南街道", "通用设备制造业", True, "东南亚"),
    ("青田县宏达精密铸造有限公司", "温溪镇", "金属制品业", True, ""),
    ("浙江中孚泵阀科技有限公司", "油竹街道", "通用设备制造业", True, ""),
    ("青田县永固阀门配件有限公司", "温溪镇", "通用设备制造业", False, ""),
    ("浙江东源阀门有限公司", "东源镇", "通用设备制造业", True, ""),
    ("青田县瑞达阀业有限公司", "温溪镇", "通用设备制造业", False, ""),
    ("浙江博浪流体设备有限公司", "油竹街道", "通用设备制造业", True, "中东、非洲"),
    ("青田县鑫通阀门有限公司", "船寮镇", "通用设备制造业", False, ""),
    ("浙江鼎盛不锈钢管业有限公司", "温溪镇", "黑色金属冶炼和压延加工业", True, "欧盟"),
    ("青田县欧亚不锈钢制品有限公司", "温溪镇", "金属制品业", True, "欧盟、中东"),
    ("青田县瓯鑫金属材料有限公司", "温溪镇", "金属制品业", False, ""),
    ("浙江青田精密管件有限公司", "油竹街道", "金属制品业", True, ""),
    ("青田县腾达五金制品有限公司", "船寮镇", "金属制品业", False, "美国"),
    ("浙江华泰特种合金有限公司", "温溪镇", "有色金属冶炼和压延加工业", True, ""),
    ("青田县金帆金属饰品有限公司", "油竹街道", "金属制品业", True, "美国、加拿大"),
    ("青田县恒昌紧固件有限公司", "瓯南街道", "通用设备制造业", False, ""),
    ("青田县丽步鞋业有限公司", "鹤城街道", "皮革、毛皮、羽毛及其制品和制鞋业", False, "意大利、西班牙"),
    ("青田县侨乡鞋材有限公司", "油竹街道", "皮革、毛皮、羽毛及其制品和制鞋业", False, ""),
    ("浙江时步鞋业有限公司", "瓯南街道", "皮革、毛皮、羽毛及其制品和制鞋业", False, "欧盟"),
    ("青田县瓯华服饰有限公司", "鹤城街道", "纺织服装、服饰业", False, "意大利"),
    ("青田县欧尚鞋业有限公司", "三溪口街道", "皮革、毛皮、羽毛及其制品和制鞋业", False, ""),
    ("青田县佳履橡塑有限公司", "油竹街道", "橡胶和塑料制品业", True, ""),
    ("青田县步云鞋业有限公司", "船寮镇", "皮革、毛皮、羽毛及其制品和制鞋业", False, ""),
    ("青田县稻鱼共生农业开发有限公司", "方山乡", "农业", False, ""),
    ("青田县侨乡杨梅食品有限公司", "高湖镇", "农副食品加工业", False, ""),
    ("青田县瓯江鱼干食品有限公司", "船寮镇", "食品制造业", False, ""),
    ("青田县山珍食品有限公司", "祯埠镇", "食品制造业", False, ""),
    ("青田县百岁红酒业有限公司", "鹤城街道", "酒、饮料和精制茶制造业", False, ""),
    ("青田县华侨咖啡食品有限公司", "鹤城街道", "食品制造业", False, ""),
    ("青田县绿谷茶业有限公司", "季宅乡", "酒、饮料和精制茶制造业", False, ""),
    ("青田县章村油茶开发有限公司", "章村乡", "农业", False, ""),
    ("青田县田鱼养殖科技有限公司", "方山乡", "渔业", False, ""),
    ("青田县绿源生态农业有限公司", "阜山乡", "农业", False, ""),
    ("青田县汤垟高山农业发展有限公司", "汤垟乡", "农业", False, ""),
    ("青田县万山中药材种植有限公司", "万山乡", "农业", False, ""),
    ("青田县北山香榧开发有限公司", "北山镇", "农业", False, ""),
    ("青田县仁庄果蔬种植有限公司", "仁庄镇", "农业", False, ""),
    ("浙江瓯越电子科技有限公司", "油竹街道", "计算机、通信和其他电子设备制造业", True, "东南亚"),
    ("青田县振华电机有限公司", "瓯南街道", "电气机械和器材制造业", True, ""),
    ("浙江东源新材料有限公司", "东源镇", "化学原料和化学制品制造业", True, ""),
    ("青田县鹤城光电科技有限公司", "鹤城街道", "计算机、通信和其他电子设备制造业", True, ""),
    ("浙江青田新能源科技有限公司", "油竹街道", "电气机械和器材制造业", True, ""),
    ("青田县晨光包装材料有限公司", "瓯南街道", "造纸和纸制品业", False, ""),
    ("青田县恒昌塑业有限公司", "船寮镇", "橡胶和塑料制品业", False, ""),
    ("青田县鼎泰医疗器械有限公司", "油竹街道", "专用设备制造业", True, ""),
    ("青田县精诚机械制造有限公司", "温溪镇", "专用设备制造业", True, ""),
    ("浙江侨创软件科技有限公司", "鹤城街道", "软件和信息技术服务业", True, ""),
    ("青田县海口水电设备有限公司", "海口镇", "电气机械和器材制造业", True, ""),
    ("青田县腊口生物科技有限公司", "腊口镇", "医药制造业", True, ""),
    # Registered, not visited during the campaign.
    ("青田县高湖竹木制品有限公司", "高湖镇", "木材加工和木、竹、藤、棕、草制品业", False, ""),
    ("青田县三溪口建材有限公司", "三溪口街道", "非金属矿物制品业", False, ""),
    ("青田县祯埠石材加工有限公司", "祯埠镇", "非金属矿物制品业", False, ""),
]
VISITED = 63
CONTACTS = ["王建国", "林晓东", "叶志强", "徐丽娟", "周明", "吴海波", "陈芳", "刘伟", "季少华", "潘立群"]

INSTITUTIONS = [
    # name, kind, region
    ("中国科学院宁波材料技术与工程研究所", InstitutionKind.RESEARCH_INSTITUTE, "浙江宁波"),
    ("浙江省林业科学研究院", InstitutionKind.RESEARCH_INSTITUTE, "浙江杭州"),
    ("江南大学", InstitutionKind.UNIVERSITY, "江苏无锡"),
    ("中国科学院地理科学与资源研究所", InstitutionKind.RESEARCH_INSTITUTE, "北京"),
    ("浙江工业大学", InstitutionKind.UNIVERSITY, "浙江杭州"),
    ("浙江省农业科学院", InstitutionKind.RESEARCH_INSTITUTE, "浙江杭州"),
]

STRATEGIC_AGREEMENTS = [
    # institution, signed, summary
    ("浙江省林业科学研究院", D(2019, 10, 22), "在油茶、香榧等林特产业良种选育和栽培技术上开展合作，选派专家驻点服务。"),
    ("江南大学", D(2019, 11, 8), "围绕田鱼、杨梅等特色农产品精深加工开展技术攻关和人才培训。"),
    (
        "中国科学院地理科学与资源研究所",
        D(2019, 11, 19),
        "共同开展青田稻鱼共生系统保护与发展研究，推动农业文化遗产地产业提升。",
    ),
    ("浙江工业大学", D(2019, 12, 3), "面向阀门、不锈钢产业开展产学研合作，共建技术需求与成果对接机制。"),
    ("浙江省农业科学院", D(2019, 12, 17), "在高山蔬菜、中药材种植技术方面开展合作，建设科技示范基地。"),
]

PLATFORM = {
    "title": "共建海洋工程用钢可靠性研究技术中心合作协议",
    "institution": "中国科学院宁波材料技术与工程研究所",
    "enterprise": QINGSHAN,
    "signed_on": D(2019, 11, 26),
    "platform_name": "海洋工程用钢可靠性研究技术中心",
    "summary": "企业与宁波材料所共建研究中心，围绕海洋平台用钢的耐蚀性、可靠性开展联合研发和检测评价。",
}

SUMMARIES = {
    VisitPurpose.RESEARCH: "了解企业生产经营、研发投入和技术需求，听取企业对科技工作的意见建议。",
    VisitPurpose.POLICY: "上门宣传解读科技创新政策，指导企业对照条件做好申报准备。",
    VisitPurpose.SERVICE: "协调解决企业反映的困难，帮助企业梳理科技发展规划。",
    VisitPurpose.FOLLOW_UP: "回访前期反映问题的办理情况，听取企业反馈。",
}

# category, problem, how it was solved
PROBLEMS = [
    (
        IssueCategory.FINANCING,
        "企业扩大生产缺少流动资金，申请银行贷款缺少抵押物",
        "对接科技金融服务，协助企业申请科技型企业信用贷款",
    ),
    (IssueCategory.TECHNOLOGY, "产品关键工艺不稳定，缺少技术支撑", "邀请高校专家上门对接，制定工艺改进方案"),
    (IssueCategory.TALENT, "缺少研发和科技管理人员，招聘困难", "推荐人才引进政策，协助企业在人才网发布招聘需求"),
    (IssueCategory.POLICY, "不清楚研发费用加计扣除的归集口径", "联合税务部门上门辅导研发费用辅助账建立"),
    (IssueCategory.MARKET, "出口订单下滑，希望拓展新的销售渠道", "推荐参加科技成果展会，对接侨商资源拓展市场"),
    (IssueCategory.TECHNOLOGY, "企业有新产品开发需求，缺少检测条件", "协调省级检测机构为企业提供检测服务"),
    (IssueCategory.POLICY, "希望了解高新技术企业认定条件和流程", "讲解认定条件，帮助企业制定三年培育计划"),
    (IssueCategory.FINANCING, "科技项目前期投入大，资金周转紧张", "协助企业申报县级科技计划项目，争取财政补助"),
    (IssueCategory.OTHER, "企业知识产权意识薄弱，专利布局不足", "联系知识产权服务机构，指导企业申请发明专利"),
    (IssueCategory.TALENT, "一线技术工人技能不足，缺少培训渠道", "组织科技特派员开展技术培训"),
]
RESOLVED = 42
# The work loop's states of the problems not yet solved: 办理中, 待签收, 申请销号 (awaiting the leader).
OPEN_STATES = ["in_progress", "pending", "applied", "pending", "in_progress"]
SATISFACTION_CYCLE = [Satisfaction.SATISFIED, Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED, None]

# Applications: (enterprise index, kind, filed, status, decided, year)
NATIONAL = [
    (12, D(2019, 9, 18), ApplicationStatus.APPROVED, D(2019, 12, 5)),
    (10, D(2019, 9, 20), ApplicationStatus.APPROVED, D(2019, 12, 5)),
    (51, D(2019, 9, 24), ApplicationStatus.APPROVED, D(2019, 12, 5)),
    (52, D(2019, 9, 26), ApplicationStatus.APPROVED, D(2019, 12, 5)),
    (22, D(2019, 9, 27), ApplicationStatus.FILED, None),
    (58, D(2019, 10, 9), ApplicationStatus.FILED, None),
    (55, D(2019, 10, 11), ApplicationStatus.REJECTED, D(2019, 12, 5)),
]
PROVINCIAL_SME = [
    (15, D(2019, 10, 15), ApplicationStatus.APPROVED, D(2019, 12, 27)),
    (16, D(2019, 10, 17), ApplicationStatus.APPROVED, D(2019, 12, 27)),
    (20, D(2019, 10, 23), ApplicationStatus.APPROVED, D(2019, 12, 27)),
    (25, D(2019, 10, 29), ApplicationStatus.APPROVED, D(2019, 12, 27)),
    (28, D(2019, 11, 5), ApplicationStatus.APPROVED, D(2019, 12, 27)),
    (35, D(2019, 11, 12), ApplicationStatus.APPROVED, D(2019, 12, 27)),
    (53, D(2019, 11, 20), ApplicationStatus.FILED, None),
    (56, D(2019, 11, 28), ApplicationStatus.FILED, None),
    (60, D(2019, 12, 6), ApplicationStatus.FILED, None),
    (63, D(2019, 12, 18), ApplicationStatus.FILED, None),
]
RESEARCH_INSTITUTES = [
    (1, D(2019, 11, 15), ApplicationStatus.FILED, None),
    (22, D(2019, 11, 22), ApplicationStatus.FILED, None),
]
RD_CENTRES = [
    (14, D(2019, 12, 10), ApplicationStatus.FILED, None),
    (59, D(2019, 12, 12), ApplicationStatus.FILED, None),
]

# Qualifications held before the campaign: (enterprise index, kind, awarded, certificate)
EARLIER_QUALIFICATIONS = [
    (1, ApplicationKind.NATIONAL_HIGH_TECH, D(2017, 11, 13), "GR201733000512"),
    (14, ApplicationKind.NATIONAL_HIGH_TECH, D(2018, 11, 30), "GR201833001876"),
    (59, ApplicationKind.NATIONAL_HIGH_TECH, D(2018, 11, 30), "GR201833002231"),
]


def _credit_code(i: int) -> str:
    first17 = f"91{QINGTIAN}MA2{i + 1:06d}"
    return first17 + uscc.calc_check_digit(first17)


def _weekdays(start, end):
    day = start
    while day <= end:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def _spread(start, end, n):
    """n working days spread evenly from start to end."""
    days = list(_weekdays(start, end))
    return [days[round(i * (len(days) - 1) / max(n - 1, 1))] for i in range(n)]


def load(context):
    bureau, users, departments, campaign = (
        context["bureau"],
        context["users"],
        context["departments"],
        context["campaign"],
    )
    ensure_default_policies(bureau.pk)
    policies = {p.name: p for p in Policy.objects.filter(bureau=bureau)}
    recorders = [users["staff"], users["staff2"], users["staff3"]]
    teams = itertools.cycle(
        [
            [users["staff"], users["staff2"]],
            [users["leader"], users["staff"]],
            [users["staff2"], users["staff3"]],
            [users["staff3"], users["staff"]],
            [users["leader"], users["staff3"]],
        ]
    )
    policy_sets = itertools.cycle(
        [
            ["高新技术企业认定", "研发费用加计扣除"],
            ["科技型企业融资支持"],
            ["研发费用加计扣除", "省级科技型中小企业认定"],
            ["人才引进政策", "科技成果转化与产学研合作"],
            ["高新技术企业认定", "认定后省级财政补助", "企业研发机构建设"],
        ]
    )
    hi_tech = departments["高新技术科"]

    def recorder_for(i):
        return recorders[i % len(recorders)]

    enterprises = []
    for i, (name, town, industry, in_codes, markets) in enumerate(ENTERPRISES):
        recorder = recorder_for(i)
        enterprise, _created = Enterprise.objects.get_or_create(
            bureau=bureau,
            credit_code=_credit_code(i),
            defaults={
                "name": name,
                "town": town,
                "industry": industry,
                "in_high_tech_codes": in_codes,
                "exports": bool(markets),
                "export_markets": markets,
                "contact_person": CONTACTS[i % len(CONTACTS)],
                "contact_phone": f"0578-65{i:05d}"[:13],
                "department": hi_tech,
                "recorded_by": recorder,
            },
        )
        enterprises.append(enterprise)
    by_name = {e.name: e for e in enterprises}

    for i, kind, awarded, certificate in EARLIER_QUALIFICATIONS:
        Qualification.objects.get_or_create(
            enterprise=enterprises[i],
            kind=kind,
            awarded_on=awarded,
            defaults={
                "certificate_no": certificate,
                "valid_until": Qualification.default_valid_until(kind, awarded),
            },
        )

    common = {"bureau": bureau, "campaign": campaign}

    def visit(i, enterprise, day, purpose, visitors, policy_names, summary=""):
        recorder = recorder_for(i)
        record, created = EnterpriseVisit.objects.get_or_create(
            **common,
            enterprise=enterprise,
            date=day,
            defaults={
                "purpose": purpose,
                "summary": summary or SUMMARIES[purpose],
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )
        if created:
            record.visitors.set(visitors)
            record.policies.set([policies[name] for name in policy_names])
        return record

    # The article's exporter: policies delivered at the first visit, its financing problem solved, then a follow-up.
    zhengteng = by_name[ZHENGTENG]
    first_visits = {
        0: visit(
            0,
            zhengteng,
            D(2019, 10, 24),
            VisitPurpose.POLICY,
            [users["leader"], users["staff"]],
            ["高新技术企业认定", "高新技术企业所得税减免", "认定后省级财政补助"],
            "主题教育服务小组上门调研。企业产品全部出口美国，属省高新行业代码范围，但科技工作缺少头绪；"
            "小组解读高新技术企业申报、所得税减免和认定后省级财政补助政策，帮助企业谋划科技发展。",
        ),
        1: visit(
            1,
            by_name[QINGSHAN],
            D(2019, 10, 15),
            VisitPurpose.RESEARCH,
            [users["leader"], users["staff2"]],
            ["企业研发机构建设", "科技成果转化与产学研合作"],
            "企业在海洋工程用钢研发上遇到技术难题，希望对接科研院所。",
        ),
    }
    purposes = itertools.cycle([VisitPurpose.RESEARCH, VisitPurpose.POLICY, VisitPurpose.SERVICE])
    days = _spread(D(2019, 9, 17), D(2019, 12, 20), VISITED - 2)
    for i, day in zip(range(2, VISITED), days, strict=True):
        first_visits[i] = visit(i, enterprises[i], day, next(purposes), next(teams), next(policy_sets))
    visit(0, zhengteng, D(2019, 12, 10), VisitPurpose.FOLLOW_UP, [users["staff"]], [], "回访融资问题办理情况。")
    for n, (i, day) in enumerate(zip(range(2, 11), _spread(D(2019, 12, 2), D(2020, 1, 17), 9), strict=True)):
        visit(i, enterprises[i], day, VisitPurpose.FOLLOW_UP, next(teams), [] if n % 2 else ["研发费用加计扣除"])

    owners = itertools.cycle([users["staff"], users["staff2"], users["staff3"], users["leader"]])

    def issue(i, enterprise, at_visit, category, description, state, resolution="", done_on=None, **extra):
        """A problem and its way through the work loop; solved ones are closed off on the day they were solved."""
        recorder = recorder_for(i)
        raised = at_visit.date
        owner = next(owners)
        satisfaction = extra.pop("satisfaction", None)
        unresolved_reason = extra.pop("unresolved_reason", "")
        record, _ = EnterpriseIssue.objects.get_or_create(
            **common,
            enterprise=enterprise,
            description=description,
            defaults={
                "visit": at_visit,
                "date": raised,
                "category": category,
                "owner": owner,
                "supervisor": users["leader"],
                "deadline": raised + datetime.timedelta(days=30),
                "department": recorder.department,
                "recorded_by": recorder,
                **extra,
            },
        )
        steps = []
        if state != "pending":
            steps.append((Step.ACKNOWLEDGE, owner, raised, "已签收，联系企业了解具体需求。"))
        if state in ("applied", "resolved", "unresolvable", "reopened"):
            outcome = IssueOutcome.UNRESOLVABLE if state == "unresolvable" else IssueOutcome.RESOLVED
            day = done_on or raised + datetime.timedelta(days=14)
            values = {"outcome": outcome, "resolution": resolution, "unresolved_reason": unresolved_reason}
            steps.append((Step.APPLY, owner, day, "已与企业沟通办理结果。", {"values": values}))
            if state != "applied":
                steps.append((Step.CLOSE, users["leader"], day, "同意销号。"))
            if state == "reopened":
                satisfaction = Satisfaction.DISSATISFIED
            if satisfaction:
                opinion = (
                    "企业表示问题仍未彻底解决，要求继续跟进。" if state == "reopened" else "企业对办理结果表示认可。"
                )
                step = (Step.SATISFACTION, owner, day + datetime.timedelta(days=3), opinion)
                steps.append((*step, {"values": {"satisfaction": satisfaction}}))
        walk(record, recorder, *steps)

    last_day = D(2020, 1, 20)
    issue(
        0,
        zhengteng,
        first_visits[0],
        IssueCategory.FINANCING,
        "企业技术改造资金不足，缺少融资渠道，科技工作缺少专业人员指导",
        "resolved",
        "对接合作银行办理科技型企业信用贷款，并推荐科技中介机构帮助企业规划科技工作",
        D(2019, 11, 29),
        feedback="科技局上门送政策、帮我们规划科技发展，又帮忙落实了融资，科技工作有了头绪。",
        satisfaction=Satisfaction.SATISFIED,
    )
    issue(
        1,
        by_name[QINGSHAN],
        first_visits[1],
        IssueCategory.TECHNOLOGY,
        "海洋工程用钢研究开发遇到技术难题，缺少科研院所技术支撑",
        "resolved",
        "邀请中科院宁波材料所专家到企业技术对接，双方签订合作协议，共建海洋工程用钢可靠性研究技术中心",
        PLATFORM["signed_on"],
        feedback="对接及时，合作平台已经运行。",
        satisfaction=Satisfaction.SATISFIED,
    )
    for i in range(2, RESOLVED):
        category, description, resolution = PROBLEMS[i % len(PROBLEMS)]
        raised = first_visits[i].date
        solved = min(raised + datetime.timedelta(days=12 + (i * 7) % 30), last_day)
        satisfaction = SATISFACTION_CYCLE[i % len(SATISFACTION_CYCLE)]
        issue(
            i,
            enterprises[i],
            first_visits[i],
            category,
            description,
            "resolved",
            resolution,
            solved,
            satisfaction=satisfaction,
        )
    for n, i in enumerate(range(RESOLVED, RESOLVED + len(OPEN_STATES))):
        category, description, resolution = PROBLEMS[i % len(PROBLEMS)]
        issue(i, enterprises[i], first_visits[i], category, description, OPEN_STATES[n], resolution)
    i = RESOLVED + len(OPEN_STATES)
    issue(
        i,
        enterprises[i],
        first_visits[i],
        IssueCategory.OTHER,
        "希望在厂区旁新增建设用地扩建厂房",
        "unresolvable",
        done_on=D(2019, 12, 30),
        unresolved_reason="用地指标不属于科技部门职责，已向企业说明并转自然资源部门研究",
    )
    # Solved once, then the enterprise was not satisfied (不满意): reopened, back in hand.
    i += 1
    category, description, resolution = PROBLEMS[i % len(PROBLEMS)]
    issue(
        i,
        enterprises[i],
        first_visits[i],
        category,
        "厂区污水处理设施需要技术改造方案",
        "reopened",
        "推荐环保技术服务机构上门诊断",
        D(2019, 12, 12),
    )

    def application(i, kind, filed, status, decided, year=2019):
        recorder = recorder_for(i)
        record, _created = Application.objects.get_or_create(
            **common,
            enterprise=enterprises[i],
            kind=kind,
            year=year,
            defaults={
                "status": status,
                "filed_on": filed,
                "decided_on": decided,
                "certificate_no": f"GR2019330{i:05d}"
                if status == ApplicationStatus.APPROVED and kind == ApplicationKind.NATIONAL_HIGH_TECH
                else "",
                "helped_by": recorder,
                "department": hi_tech,
                "recorded_by": recorder,
            },
        )
        return record  # saving it granted the qualification of an approval (Application.save)

    for kind, rows in [
        (ApplicationKind.NATIONAL_HIGH_TECH, NATIONAL),
        (ApplicationKind.PROVINCIAL_SME, PROVINCIAL_SME),
        (ApplicationKind.PROVINCIAL_RESEARCH_INSTITUTE, RESEARCH_INSTITUTES),
        (ApplicationKind.PROVINCIAL_RD_CENTRE, RD_CENTRES),
    ]:
        for i, filed, status, decided in rows:
            application(i, kind, filed, status, decided)
    # Still being prepared for next year: not filed, so not counted among applications filed.
    application(0, ApplicationKind.NATIONAL_HIGH_TECH, None, ApplicationStatus.PREPARING, None, year=2020)

    institutions = {}
    for name, kind, region in INSTITUTIONS:
        institutions[name], _created = Institution.objects.get_or_create(
            bureau=bureau,
            name=name,
            defaults={"kind": kind, "region": region, "department": hi_tech, "recorded_by": users["staff"]},
        )
    for name, signed, summary in STRATEGIC_AGREEMENTS:
        CooperationAgreement.objects.get_or_create(
            **common,
            title=f"青田县科技局与{name}战略合作协议",
            defaults={
                "kind": AgreementKind.STRATEGIC,
                "institution": institutions[name],
                "signed_on": signed,
                "summary": summary,
                "department": hi_tech,
                "recorded_by": users["staff"],
            },
        )
    CooperationAgreement.objects.get_or_create(
        **common,
        title=PLATFORM["title"],
        defaults={
            "kind": AgreementKind.PLATFORM,
            "institution": institutions[PLATFORM["institution"]],
            "enterprise": by_name[PLATFORM["enterprise"]],
            "signed_on": PLATFORM["signed_on"],
            "platform_name": PLATFORM["platform_name"],
            "summary": PLATFORM["summary"],
            "department": hi_tech,
            "recorded_by": users["staff2"],
        },
    )
    load_neighbour(context)


# --- the neighbour county ----------------------------------------------------------------------------

JINGNING = "331127"  # administrative division code of 景宁畲族自治县
NEIGHBOUR_ENTERPRISES = [
    ("景宁畲乡惠明茶业有限公司", "红星街道", "酒、饮料和精制茶制造业", False, "欧盟"),
    ("景宁金奖惠明茶开发有限公司", "鹤溪街道", "酒、饮料和精制茶制造业", False, ""),
    ("景宁山哈高山蔬菜专业合作社", "英川镇", "农业", False, ""),
    ("景宁畲森竹木制品有限公司", "渤海镇", "木材加工和木、竹、藤、棕、草制品业", False, "日本"),
    ("浙江畲乡水电设备有限公司", "红星街道", "电气机械和器材制造业", True, "东南亚"),
    ("景宁雾溪香菇食品有限公司", "雾溪畲族乡", "农副食品加工业", False, ""),
    ("景宁畲药生物科技有限公司", "鹤溪街道", "医药制造业", True, ""),
    ("景宁云中大漈农业开发有限公司", "大漈乡", "农业", False, ""),
    ("浙江景宁精工机械有限公司", "澄照乡", "专用设备制造业", True, ""),
    ("景宁东坑笋竹开发有限公司", "东坑镇", "农副食品加工业", False, ""),
    ("景宁畲族工艺品有限公司", "红星街道", "工艺美术及礼仪用品制造业", False, "美国"),
    ("景宁沙湾生态农业有限公司", "沙湾镇", "农业", False, ""),
    ("浙江景宁光电材料有限公司", "澄照乡", "计算机、通信和其他电子设备制造业", True, ""),
    ("景宁梧桐黄精种植有限公司", "梧桐乡", "农业", False, ""),
]
NEIGHBOUR_PURPOSES = [VisitPurpose.RESEARCH, VisitPurpose.POLICY, VisitPurpose.SERVICE, VisitPurpose.FOLLOW_UP]
NEIGHBOUR_ISSUES = [
    (0, IssueCategory.TECHNOLOGY, "茶叶加工线清洁化改造缺少技术方案", IssueOutcome.RESOLVED),
    (1, IssueCategory.POLICY, "不清楚农业科技项目申报条件", IssueOutcome.RESOLVED),
    (3, IssueCategory.TALENT, "缺少竹木精深加工技术人员", "in_progress"),
    (4, IssueCategory.FINANCING, "研发投入大，融资渠道窄", IssueOutcome.RESOLVED),
    (5, IssueCategory.TECHNOLOGY, "香菇烘干能耗高", IssueOutcome.RESOLVED),
    (6, IssueCategory.POLICY, "高新技术企业申报材料准备困难", IssueOutcome.RESOLVED),
    (8, IssueCategory.MARKET, "新产品市场推广渠道少", IssueOutcome.UNRESOLVABLE),
    (9, IssueCategory.TECHNOLOGY, "笋竹保鲜技术需要改进", "in_progress"),
    (12, IssueCategory.TALENT, "引进研发人员住房保障不足", "pending"),
    (13, IssueCategory.TECHNOLOGY, "黄精种苗繁育成活率低", IssueOutcome.RESOLVED),
]
NEIGHBOUR_APPLICATIONS = [
    (4, ApplicationKind.NATIONAL_HIGH_TECH, D(2019, 10, 18), ApplicationStatus.APPROVED, D(2019, 12, 20)),
    (6, ApplicationKind.NATIONAL_HIGH_TECH, D(2019, 10, 25), ApplicationStatus.FILED, None),
    (8, ApplicationKind.PROVINCIAL_SME, D(2019, 11, 6), ApplicationStatus.APPROVED, D(2019, 12, 12)),
    (12, ApplicationKind.PROVINCIAL_SME, D(2019, 11, 13), ApplicationStatus.FILED, None),
    (0, ApplicationKind.PROVINCIAL_SME, D(2019, 11, 20), ApplicationStatus.FILED, None),
    (6, ApplicationKind.PROVINCIAL_RD_CENTRE, D(2019, 12, 4), ApplicationStatus.FILED, None),
]


def _neighbour_credit_code(i: int) -> str:
    first17 = f"91{JINGNING}MA2{i + 1:06d}"
    return first17 + uscc.calc_check_digit(first17)


def load_neighbour(context):
    """The neighbour county's registry and a campaign's worth of its service work."""
    bureau, users, campaign = context["neighbour"], context["neighbour_users"], context["neighbour_campaign"]
    ensure_default_policies(bureau.pk)
    policies = list(Policy.objects.filter(bureau=bureau).order_by("order", "pk"))
    leader, staff, staff2 = users["county2"], users["county2-staff"], users["county2-staff2"]
    recorders = [staff, staff2]
    enterprises = []
    for i, (name, town, industry, in_codes, markets) in enumerate(NEIGHBOUR_ENTERPRISES):
        enterprise, _ = Enterprise.objects.get_or_create(
            bureau=bureau,
            credit_code=_neighbour_credit_code(i),
            defaults={
                "name": name,
                "town": town,
                "industry": industry,
                "in_high_tech_codes": in_codes,
                "exports": bool(markets),
                "export_markets": markets,
                "contact_person": CONTACTS[(i + 3) % len(CONTACTS)],
                "contact_phone": f"0578-58{i:05d}"[:13],
                "department": staff.department,
                "recorded_by": recorders[i % 2],
            },
        )
        enterprises.append(enterprise)
    common = {"bureau": bureau, "campaign": campaign}
    days = _spread(D(2019, 9, 23), D(2020, 1, 17), 24)
    visits = {}
    for i, day in enumerate(days):
        enterprise = enterprises[i % len(enterprises)]
        purpose = NEIGHBOUR_PURPOSES[i % len(NEIGHBOUR_PURPOSES)]
        recorder = recorders[i % 2]
        visit, created = EnterpriseVisit.objects.get_or_create(
            **common,
            enterprise=enterprise,
            date=day,
            defaults={
                "purpose": purpose,
                "summary": SUMMARIES[purpose],
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )
        if created:
            visit.visitors.set([recorder, leader] if i % 3 == 0 else [recorder])
            if purpose == VisitPurpose.POLICY:
                visit.policies.set(policies[i % 3 : i % 3 + 2])
        visits.setdefault(enterprise.pk, visit)
    for i, (index, category, description, status) in enumerate(NEIGHBOUR_ISSUES):
        enterprise = enterprises[index]
        visit = visits.get(enterprise.pk)
        raised = visit.date if visit else D(2019, 10, 15)
        recorder = recorders[i % 2]
        record, _ = EnterpriseIssue.objects.get_or_create(
            **common,
            enterprise=enterprise,
            description=description,
            defaults={
                "visit": visit,
                "date": raised,
                "category": category,
                "owner": recorder,
                "deadline": raised + datetime.timedelta(days=30),
                "department": recorder.department,
                "recorded_by": recorder,
            },
        )
        steps = [] if status == "pending" else [(Step.ACKNOWLEDGE, recorder, raised, "已签收。")]
        if status in (IssueOutcome.RESOLVED, IssueOutcome.UNRESOLVABLE):
            solved = raised + datetime.timedelta(days=20)
            values = {
                "outcome": status,
                "resolution": "协调专家上门指导，问题已解决。" if status == IssueOutcome.RESOLVED else "",
                "unresolved_reason": "超出本局职能，已转县相关部门。" if status == IssueOutcome.UNRESOLVABLE else "",
            }
            steps.append((Step.APPLY, recorder, solved, "申请销号。", {"values": values}))
            steps.append((Step.CLOSE, leader, solved, "同意销号。"))
        walk(record, recorder, *steps)
    for i, (index, kind, filed, status, decided) in enumerate(NEIGHBOUR_APPLICATIONS):
        Application.objects.get_or_create(
            **common,
            enterprise=enterprises[index],
            kind=kind,
            year=2019,
            defaults={
                "status": status,
                "filed_on": filed,
                "decided_on": decided,
                "helped_by": recorders[i % 2],
                "department": staff.department,
                "recorded_by": recorders[i % 2],
            },
        )
    institutions = {}
    for name, kind, region in [
        ("浙江农林大学", InstitutionKind.UNIVERSITY, "浙江杭州"),
        ("丽水学院", InstitutionKind.UNIVERSITY, "浙江丽水"),
    ]:
        institutions[name], _ = Institution.objects.get_or_create(
            bureau=bureau,
            name=name,
            defaults={"kind": kind, "region": region, "department": staff.department, "recorded_by": staff},
        )
    CooperationAgreement.objects.get_or_create(
        **common,
        title="景宁县科技局与浙江农林大学战略合作协议",
        defaults={
            "kind": AgreementKind.STRATEGIC,
            "institution": institutions["浙江农林大学"],
            "signed_on": D(2019, 11, 12),
            "summary": "在惠明茶良种选育、茶园生态种植和畲药开发方面开展合作。",
            "department": staff.department,
            "recorded_by": staff,
        },
    )
    CooperationAgreement.objects.get_or_create(
        **common,
        title="共建畲药研发中心合作协议",
        defaults={
            "kind": AgreementKind.PLATFORM,
            "institution": institutions["丽水学院"],
            "enterprise": enterprises[6],
            "signed_on": D(2019, 12, 16),
            "platform_name": "畲药资源开发利用研发中心",
            "summary": "企业与高校共建研发中心，开展畲药资源普查和产品开发。",
            "department": staff.department,
            "recorded_by": staff2,
        },
    )
