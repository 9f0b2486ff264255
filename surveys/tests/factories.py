import datetime

import factory

from campaigns.tests.factories import CampaignRecordFactory
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


class ResearchSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchSubject

    bureau = factory.SubFactory("bureau.tests.factories.BureauFactory")
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
