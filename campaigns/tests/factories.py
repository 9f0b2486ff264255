import datetime

import factory

from bureau.tests.factories import BureauFactory, UserFactory
from campaigns.models import Campaign, PlanTask, Rectification, StudySession


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
    status = "open"


class PlanTaskFactory(CampaignRecordFactory):
    class Meta:
        model = PlanTask

    title = factory.Sequence(lambda n: f"实施方案任务{n}")
    date = datetime.date(2019, 9, 12)
    deadline = datetime.date(2019, 12, 31)
    owner = factory.SelfAttribute("recorded_by")
    status = "not_started"
