import pytest

from .factories import LinkFactory, QuestionFactory, QuestionnaireFactory

NEEDS = ["技术培训", "上门指导", "项目申报辅导"]


@pytest.fixture
def questionnaire(staff):
    """An open questionnaire recorded by `staff`: one question of each kind, and a link for growers."""
    questionnaire = QuestionnaireFactory(
        recorded_by=staff,
        campaign=staff.bureau.campaigns.get(),
        department=staff.department,
        title="科技助农满意度调查",
    )
    QuestionFactory(questionnaire=questionnaire, position=0, kind="single", text="总体评价")
    QuestionFactory(questionnaire=questionnaire, position=1, kind="multiple", text="需要哪些服务", options=NEEDS)
    QuestionFactory(questionnaire=questionnaire, position=2, kind="rating", text="特派员服务及时性")
    QuestionFactory(questionnaire=questionnaire, position=3, kind="short_text", text="所在乡镇", required=False)
    QuestionFactory(questionnaire=questionnaire, position=4, kind="long_text", text="意见建议", required=False)
    LinkFactory(questionnaire=questionnaire, label="种植大户")
    return questionnaire


def answer_data(questionnaire, overrides=None):
    """A valid POST for the `questionnaire` fixture; overrides by question text, None drops the field."""
    single, multiple, rating, short, long = questionnaire.questions.all()
    data = {
        single.field_name: "满意",
        multiple.field_name: ["技术培训", "上门指导"],
        rating.field_name: "4",
        short.field_name: "船寮镇",
        long.field_name: "希望多组织杨梅种植技术培训。",
    }
    by_text = {q.text: q.field_name for q in (single, multiple, rating, short, long)}
    for text, value in (overrides or {}).items():
        if value is None:
            data.pop(by_text[text])
        else:
            data[by_text[text]] = value
    return data
