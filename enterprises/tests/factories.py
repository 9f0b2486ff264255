import datetime

import factory
from stdnum.cn import uscc

from campaigns.tests.factories import CampaignRecordFactory
from enterprises.models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Institution,
    Policy,
)


def credit_code(n: int, region: str = "331121") -> str:
    """A valid unified social credit code: 9 (SAMR), 1 (company), the region, an organisation code, the check."""
    first17 = f"91{region}MA2A{n:05d}"
    return first17 + uscc.calc_check_digit(first17)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    bureau = factory.SelfAttribute("recorded_by.bureau")
    recorded_by = factory.SubFactory("bureau.tests.factories.UserFactory")
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
    status = "raised"


class ApplicationFactory(CampaignRecordFactory):
    class Meta:
        model = Application

    enterprise = factory.SubFactory(EnterpriseFactory, recorded_by=factory.SelfAttribute("..recorded_by"))
    kind = "national_high_tech"
    year = 2019
    status = "filed"
    filed_on = datetime.date(2019, 10, 20)
    helped_by = factory.SelfAttribute("recorded_by")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    bureau = factory.SelfAttribute("recorded_by.bureau")
    recorded_by = factory.SubFactory("bureau.tests.factories.UserFactory")
    name = factory.Sequence(lambda n: f"测试研究院{n}")
    kind = "research_institute"


class CooperationAgreementFactory(CampaignRecordFactory):
    class Meta:
        model = CooperationAgreement

    kind = "strategic"
    title = factory.Sequence(lambda n: f"科技合作协议{n}")
    institution = factory.SubFactory(InstitutionFactory, recorded_by=factory.SelfAttribute("..recorded_by"))
    signed_on = datetime.date(2019, 11, 1)


def policies_of(bureau):
    return Policy.objects.filter(bureau=bureau)
