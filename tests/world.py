"""The one test world: a factory for every model, the named people of DESIGN §3 (as fixtures), the world
builder (one record of every type and what hangs off them) and a valid POST for every record type.

Every test suite uses this module: the access matrix, the hostile suite and each app's tests. It is loaded
as a pytest plugin by the root conftest.py, so its fixtures are everywhere; import its factories and
functions from here (`from tests.world import StudySessionFactory`), never from another app's tests.
"""

import datetime
import itertools
import re
from dataclasses import dataclass, field

import factory
import pytest
from stdnum.cn import uscc

from bureau.ledger.registry import REGISTRY
from bureau.models import Bureau, Department, User
from campaigns.models import Campaign, PlanTask, Rectification, StudySession
from enterprises.models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Institution,
    Qualification,
)
from surveys.models import (
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
)

PASSWORD = "correct horse battery"


# --- factories: accounts and bureaus ----------------------------------------------------------------


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试县科学技术局{n}")
    level = "county"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("bureau", "name")

    bureau = factory.SubFactory(BureauFactory)
    name = factory.Sequence(lambda n: f"科室{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "张"
    first_name = factory.Sequence(lambda n: f"同志{n}")
    bureau = factory.SubFactory(BureauFactory)
    role = "staff"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


# --- factories: the campaign strand -----------------------------------------------------------------


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    bureau = factory.SubFactory(BureauFactory)
    name = "“不忘初心、牢记使命”主题教育"
    start = datetime.date(2019, 9, 1)
    end = datetime.date(2020, 1, 31)
    general_requirement = "守初心、担使命、找差距、抓落实"
    is_active = True


class CampaignRecordFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    bureau = factory.SelfAttribute("campaign.bureau")
    recorded_by = factory.SubFactory(UserFactory, bureau=factory.SelfAttribute("..bureau"))


class StudySessionFactory(CampaignRecordFactory):
    class Meta:
        model = StudySession

    kind = "collective"
    date = datetime.date(2019, 10, 15)
    topic = factory.Sequence(lambda n: f"集中学习第{n}次")
    place = "局三楼会议室"
    attendance = 20


class RectificationFactory(CampaignRecordFactory):
    class Meta:
        model = Rectification

    source = "leadership"
    date = datetime.date(2019, 10, 20)
    problem = factory.Sequence(lambda n: f"查摆问题{n}：理论学习不够深入")
    measure = "完善学习制度"
    owner = factory.SelfAttribute("recorded_by")
    deadline = datetime.date(2019, 12, 31)
    status = "pending"


class PlanTaskFactory(CampaignRecordFactory):
    class Meta:
        model = PlanTask

    title = factory.Sequence(lambda n: f"实施方案任务{n}")
    date = datetime.date(2019, 9, 12)
    deadline = datetime.date(2019, 12, 31)
    owner = factory.SelfAttribute("recorded_by")
    status = "pending"


# --- factories: the research strand -----------------------------------------------------------------


class ResearchSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchSubject

    bureau = factory.SubFactory(BureauFactory)
    subject_type = "department"
    name = factory.Sequence(lambda n: f"县有关部门{n}")


class ResearchTopicFactory(CampaignRecordFactory):
    class Meta:
        model = ResearchTopic

    title = factory.Sequence(lambda n: f"调研专题{n}")
    date = datetime.date(2019, 9, 20)


class ResearchVisitFactory(CampaignRecordFactory):
    class Meta:
        model = ResearchVisit

    subject = factory.SubFactory(ResearchSubjectFactory, bureau=factory.SelfAttribute("..bureau"))
    date = datetime.date(2019, 10, 15)
    method = "on_site"
    place = "船寮镇"
    people_met = 3
    findings = "了解科技服务需求。"


class QuestionnaireFactory(CampaignRecordFactory):
    class Meta:
        model = Questionnaire

    title = factory.Sequence(lambda n: f"科技服务满意度调查{n}")
    opens_on = datetime.date(2019, 11, 6)
    closes_on = None


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    position = factory.Sequence(lambda n: n)
    kind = "single"
    text = factory.Sequence(lambda n: f"问题{n}")
    required = True
    options = factory.LazyAttribute(lambda q: ["满意", "一般", "不满意"] if q.kind in ("single", "multiple") else [])


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireLink

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    label = factory.Sequence(lambda n: f"对象{n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    channel = "online"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)


class SuggestionFactory(CampaignRecordFactory):
    class Meta:
        model = Suggestion

    date = datetime.date(2019, 11, 6)
    source = "direct"
    content = factory.Sequence(lambda n: f"建议{n}：加强科技政策宣传")
    category = "policy"
    status = "received"


class ResearchReportFactory(CampaignRecordFactory):
    class Meta:
        model = ResearchReport

    title = factory.Sequence(lambda n: f"调研报告{n}")
    authors = "吴晓燕"
    date = datetime.date(2019, 12, 10)
    status = "finished"


# --- factories: the enterprise strand ---------------------------------------------------------------


def credit_code(n: int, region: str = "331121") -> str:
    """A valid unified social credit code: 9 (SAMR), 1 (company), the region, an organisation code, the check."""
    first17 = f"91{region}MA2A{n:05d}"
    return first17 + uscc.calc_check_digit(first17)


# Codes for enterprises registered through forms, far from the factories' sequence.
_codes = itertools.count(70000)


def next_credit_code() -> str:
    return credit_code(next(_codes))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    bureau = factory.SelfAttribute("recorded_by.bureau")
    recorded_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"青田县测试阀门制造有限公司{n}")
    credit_code = factory.Sequence(credit_code)
    town = "温溪镇"
    industry = "通用设备制造业"


class EnterpriseVisitFactory(CampaignRecordFactory):
    class Meta:
        model = EnterpriseVisit
        skip_postgeneration_save = True

    enterprise = factory.SubFactory(EnterpriseFactory, recorded_by=factory.SelfAttribute("..recorded_by"))
    date = datetime.date(2019, 10, 15)
    purpose = "policy"

    @factory.post_generation
    def visitors(obj, create, extracted, **kwargs):
        if create:
            obj.visitors.set(extracted or [obj.recorded_by])

    @factory.post_generation
    def policies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.policies.set(extracted)


class EnterpriseIssueFactory(CampaignRecordFactory):
    class Meta:
        model = EnterpriseIssue

    enterprise = factory.SubFactory(EnterpriseFactory, recorded_by=factory.SelfAttribute("..recorded_by"))
    date = datetime.date(2019, 10, 15)
    description = factory.Sequence(lambda n: f"企业反映问题{n}：缺少研发资金")
    category = "financing"
    owner = factory.SelfAttribute("recorded_by")
    deadline = datetime.date(2019, 11, 30)
    status = "pending"


class ApplicationFactory(CampaignRecordFactory):
    class Meta:
        model = Application

    enterprise = factory.SubFactory(EnterpriseFactory, recorded_by=factory.SelfAttribute("..recorded_by"))
    kind = "national_high_tech"
    year = 2019
    status = "filed"
    filed_on = datetime.date(2019, 10, 20)
    helped_by = factory.SelfAttribute("recorded_by")


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = "provincial_sme"
    awarded_on = datetime.date(2019, 10, 1)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    bureau = factory.SelfAttribute("recorded_by.bureau")
    recorded_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"测试研究院{n}")
    kind = "research_institute"


class CooperationAgreementFactory(CampaignRecordFactory):
    class Meta:
        model = CooperationAgreement

    kind = "strategic"
    title = factory.Sequence(lambda n: f"科技合作协议{n}")
    institution = factory.SubFactory(InstitutionFactory, recorded_by=factory.SelfAttribute("..recorded_by"))
    signed_on = datetime.date(2019, 11, 1)


# --- the named people ---------------------------------------------------------------------------------


@pytest.fixture
def bureau(db):
    return BureauFactory(name="青田县科学技术局")


@pytest.fixture
def campaign(bureau):
    return CampaignFactory(bureau=bureau)


@pytest.fixture
def department(bureau):
    return DepartmentFactory(bureau=bureau, name="高新技术科")


@pytest.fixture
def staff(bureau, department, campaign):
    """The owner: a staff member who records things."""
    return UserFactory(username="owner", bureau=bureau, department=department, role="staff")


@pytest.fixture
def colleague(bureau, department):
    return UserFactory(username="colleague", bureau=bureau, department=department, role="staff")


@pytest.fixture
def leader(bureau):
    return UserFactory(username="boss", bureau=bureau, role="leader")


@pytest.fixture
def admin_user(bureau):
    return UserFactory(username="office", bureau=bureau, role="admin")


@pytest.fixture
def outsider(db):
    """A staff member of another county's bureau: must never see this bureau's records."""
    other = BureauFactory(name="景宁县科学技术局")
    CampaignFactory(bureau=other)
    return UserFactory(username="outsider", bureau=other, role="admin")


@pytest.fixture
def auditor(bureau):
    """The bureau's auditor (审计员): reads the audit trail and the change log, nothing else."""
    return UserFactory(username="auditor", bureau=bureau, role="auditor")


@pytest.fixture
def city(bureau):
    """The city bureau above the county: its leader and admin read the county's records, change none."""
    city = BureauFactory(name="丽水市科学技术局", level="city")
    bureau.parent = city
    bureau.save()
    CampaignFactory(bureau=city, name="丽水市科技局主题教育")
    return city


@pytest.fixture
def city_leader(city):
    return UserFactory(username="city-leader", bureau=city, role="leader")


@pytest.fixture
def city_admin(city):
    return UserFactory(username="city-admin", bureau=city, role="admin")


@pytest.fixture
def people(staff, colleague, leader, admin_user, outsider):
    return {"staff": staff, "colleague": colleague, "leader": leader, "admin": admin_user, "outsider": outsider}


@pytest.fixture
def everyone(people, auditor, city_leader, city_admin):
    """Every role of the access matrix, by name."""
    return {**people, "auditor": auditor, "city_leader": city_leader, "city_admin": city_admin}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- the world ----------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass
class World:
    """Everything of one bureau a page or a form can point at.

    `world["study-sessions"]` is the record of a type (by its registry slug), `world.study_session` the
    same record (by its model's name); other objects by name: `world.link`, `world["attachment"]`.
    """

    bureau: object
    campaign: object
    department: object
    user: object
    objects: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]

    def __setitem__(self, name, value):
        self.objects[name] = value

    def __getattr__(self, name):
        objects = self.__dict__.get("objects", {})
        if name in objects:
            return objects[name]
        for slug, record_type in REGISTRY.items():
            if _snake(record_type.model.__name__) == name and slug in objects:
                return objects[slug]
        raise AttributeError(name)


NEEDS = ["技术培训", "上门指导", "项目申报辅导"]


def build_questionnaire(user, campaign, department=None):
    """An open questionnaire recorded by `user`: one question of each kind, and a link for growers."""
    questionnaire = QuestionnaireFactory(
        recorded_by=user, campaign=campaign, department=department, title="科技助农满意度调查"
    )
    QuestionFactory(questionnaire=questionnaire, position=0, kind="single", text="总体评价")
    QuestionFactory(questionnaire=questionnaire, position=1, kind="multiple", text="需要哪些服务", options=NEEDS)
    QuestionFactory(questionnaire=questionnaire, position=2, kind="rating", text="特派员服务及时性")
    QuestionFactory(questionnaire=questionnaire, position=3, kind="short_text", text="所在乡镇", required=False)
    QuestionFactory(questionnaire=questionnaire, position=4, kind="long_text", text="意见建议", required=False)
    LinkFactory(questionnaire=questionnaire, label="种植大户")
    return questionnaire


def build_world(user, campaign, department=None, *, one_of_each=False) -> World:
    """What a record form chooses from, recorded by `user` in `campaign` (and `department`): an enterprise,
    an enterprise visit, an institution, a research topic and visit, a questionnaire (its questions, a link
    and one answer sheet). No record points at another of the world's records (a visit is to an enterprise
    of its own), so each of them may be deleted.

    With `one_of_each`, one record of every type and what hangs off them besides: a qualification of the
    enterprise, a photo of the study session, a rectification applied for close-off (申请销号), a suggestion in the
    recycle bin. (Without, the hostile cases start from tables of study sessions, attachments and the
    like that hold only what the case itself creates.)"""
    common = {"recorded_by": user, "department": department}
    in_campaign = {"campaign": campaign, **common}
    world = World(user.bureau, campaign, department, user)
    enterprise = EnterpriseFactory(credit_code=next_credit_code(), **common)
    institution = InstitutionFactory(**common)
    questionnaire = build_questionnaire(user, campaign, department)
    link = questionnaire.links.get()
    world.objects.update(
        {
            "enterprises": enterprise,
            "enterprise-visits": EnterpriseVisitFactory(**in_campaign),
            "institutions": institution,
            "research-topics": ResearchTopicFactory(**in_campaign),
            "research-visits": ResearchVisitFactory(**in_campaign),
            "questionnaires": questionnaire,
            "question": questionnaire.questions.first(),
            "link": link,
            "response": ResponseFactory(questionnaire=questionnaire, link=link),
        }
    )
    if one_of_each:
        _add_one_of_each(world, enterprise, in_campaign)
    return world


def _add_one_of_each(world, enterprise, in_campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bureau.ledger.uploads import store_attachment
    from tests.helpers import png_bytes

    world.objects.update(
        {
            "study-sessions": StudySessionFactory(**in_campaign),
            "rectifications": RectificationFactory(status="applied", result="已完善学习制度", **in_campaign),
            "plan-tasks": PlanTaskFactory(**in_campaign),
            "suggestions": SuggestionFactory(**in_campaign),
            "research-reports": ResearchReportFactory(**in_campaign),
            "enterprise-issues": EnterpriseIssueFactory(**in_campaign),
            "applications": ApplicationFactory(**in_campaign),
            "agreements": CooperationAgreementFactory(**in_campaign),
        }
    )
    missing = set(REGISTRY) - set(world.objects)
    assert not missing, f"the world has no record of {sorted(missing)}"
    binned = SuggestionFactory(**in_campaign)
    binned.soft_delete(world.user)
    upload = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    world.objects.update(
        {
            "qualification": QualificationFactory(enterprise=enterprise),
            "attachment": store_attachment(world["study-sessions"], upload, "image/png", world.user, "photo"),
            "binned": binned,
        }
    )


def add_admin_rows(world: World, everyone) -> World:
    """Add to the owner's `world` (built `one_of_each`) what the access matrix looks up: one row of every
    model the Django admin shows (`admin:<label>`) and its first version (`admin-version:<label>`), each
    record's first version (`history:<slug>`) and content type (`content-type:<slug>`), a group."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from bureau.ledger.jobs import ImportJob
    from enterprises.models import Policy, ensure_default_policies
    from reports.models import Target

    owner = world.user
    for slug, record_type in REGISTRY.items():
        label = record_type.model._meta.label
        world[f"admin:{label}"] = world[slug]
        world[f"content-type:{slug}"] = ContentType.objects.get_for_model(record_type.model).pk
        world[f"history:{slug}"] = world[slug].history.earliest("history_date")
        world[f"admin-version:{label}"] = world[f"history:{slug}"]
    ensure_default_policies(owner.bureau_id)
    username = owner.username
    now = timezone.now()
    world.objects.update(
        {
            "admin:bureau.Bureau": owner.bureau,
            "admin:bureau.Department": owner.department,
            "admin:bureau.User": everyone["colleague"],
            "admin:bureau.Attachment": world["attachment"],
            "admin:bureau.ImportJob": ImportJob.objects.create(
                bureau=owner.bureau, user=owner, kind="study-sessions", filename="学习.xlsx", status="succeeded"
            ),
            "admin:campaigns.Campaign": world.campaign,
            "admin:enterprises.Policy": Policy.objects.filter(bureau=owner.bureau).first(),
            "admin:enterprises.Qualification": world["qualification"],
            "admin-version:enterprises.Qualification": world["qualification"].history.earliest("history_date"),
            "admin:surveys.ResearchSubject": ResearchSubject.objects.filter(bureau=owner.bureau).first(),
            "admin:surveys.Response": world["response"],
            "admin:reports.Target": Target.objects.create(
                campaign=world.campaign, indicator="study.collective", value=12
            ),
            "admin:axes.AccessAttempt": AccessAttempt.objects.create(
                username=username, ip_address="10.0.0.8", user_agent="-", attempt_time=now, failures_since_start=2
            ),
            "admin:axes.AccessLog": AccessLog.objects.create(
                username=username, ip_address="10.0.0.8", user_agent="-", attempt_time=now
            ),
            "admin:axes.AccessFailureLog": AccessFailureLog.objects.create(
                username=username, ip_address="10.0.0.8", user_agent="-", attempt_time=now
            ),
            "group": Group.objects.get(name="科员"),
        }
    )
    return world


@pytest.fixture
def world(staff, campaign, department):
    """The owner's bureau with one record of every type and everything a form can choose."""
    return build_world(staff, campaign, department)


@pytest.fixture
def other(outsider):
    """Another county's bureau with the same kinds of records: their ids must never work here."""
    department = DepartmentFactory(bureau=outsider.bureau, name="外局办公室")
    return build_world(outsider, outsider.bureau.campaigns.get(), department)


@pytest.fixture
def questionnaire(staff):
    """An open questionnaire recorded by `staff` (no answers yet): one question of each kind, one link."""
    return build_questionnaire(staff, staff.bureau.campaigns.get(), staff.department)


# --- valid form data ------------------------------------------------------------------------------------


def valid_data(slug: str, world: World) -> dict:
    """A POST the create page of `slug` accepts in `world` (one new record)."""
    day = "2019-10-15"
    common = {"campaign": world.campaign.pk, "department": world.department.pk if world.department else ""}
    data = {
        "study-sessions": {"kind": "collective", "date": day, "topic": "学习党章", "attendance": "21"},
        "rectifications": {
            "source": "leadership",
            "date": day,
            "problem": "理论学习不够深入",
            "owner": world.user.pk,
            "deadline": "2019-12-31",
        },
        "plan-tasks": {
            "title": "召开动员部署会",
            "date": day,
            "deadline": "2019-12-31",
            "owner": world.user.pk,
        },
        "research-topics": {"title": "科技特派员服务成效调研", "date": day, "lead": world.user.pk},
        "research-visits": {
            "subject_type": "farmer",
            "subject_name": "船寮镇杨梅种植大户",
            "date": day,
            "method": "on_site",
            "people_met": "3",
            "topic": world.research_topic.pk,
        },
        "questionnaires": {"title": "企业科技需求调查", "opens_on": day, "accepting": "on"},
        "suggestions": {
            "date": day,
            "source": "direct",
            "category": "policy",
            "content": "希望加强科技政策宣传",
            "status": "received",
        },
        "research-reports": {
            "title": "关于科技特派员服务的调研报告",
            "authors": "吴晓燕",
            "date": day,
            "status": "finished",
            "topic": world.research_topic.pk,
        },
        "enterprises": {
            "name": f"青田县测试阀门有限公司{next(_codes)}",
            "credit_code": next_credit_code(),
            "town": "温溪镇",
            "industry": "通用设备制造业",
        },
        "enterprise-visits": {
            "enterprise": world.enterprise.pk,
            "date": day,
            "purpose": "policy",
            "visitors": [world.user.pk],
        },
        "enterprise-issues": {
            "enterprise": world.enterprise.pk,
            "date": day,
            "category": "financing",
            "description": "缺少研发资金",
            "owner": world.user.pk,
            "deadline": "2019-11-30",
        },
        "applications": {
            "enterprise": world.enterprise.pk,
            "kind": "national_high_tech",
            "year": "2019",
            "status": "filed",
            "filed_on": day,
        },
        "institutions": {"name": f"中国科学院测试研究所{next(_codes)}", "kind": "research_institute"},
        "agreements": {
            "kind": "strategic",
            "title": "科技合作协议",
            "institution": world.institution.pk,
            "signed_on": day,
        },
    }[slug]
    return {**common, **data, "attachment_kind": "photo"}


def session_data(campaign_obj, **overrides):
    """The study-session form for `campaign_obj` with the optional fields a user sees filled in too (the
    history tests compare versions field by field; `valid_data` leaves place and host out); `overrides`
    replace fields."""
    data = {
        "campaign": campaign_obj.pk,
        "kind": "collective",
        "date": "2019-10-15",
        "topic": "学习党章",
        "reading_material": "",
        "place": "局三楼会议室",
        "host": "陈立新",
        "attendance": "21",
        "minutes": "",
        "notes": "",
        "attachment_kind": "photo",
    }
    data.update(overrides)
    return data


def answer_data(questionnaire, **by_kind) -> dict:
    """A complete valid answer sheet for a questionnaire of `build_questionnaire`; a keyword argument
    replaces the answer of one kind of question (None drops it)."""
    questions = {q.kind: q for q in questionnaire.questions.all()}
    data = {
        "single": "满意",
        "multiple": ["技术培训", "上门指导"],
        "rating": "4",
        "short_text": "船寮镇",
        "long_text": "希望多组织杨梅种植技术培训。",
    }
    data.update(by_kind)
    return {questions[kind].field_name: value for kind, value in data.items() if value is not None}
