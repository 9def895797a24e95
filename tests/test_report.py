"""The Reality and Impact report reproduced: `survey-engine demo`, then `summary`, gives every printed figure."""
import json

import pytest
from survey_helpers import TRUSTS

USED = "who had used the standards said they had "
SIGNATORIES = [
    ("came across the standards through direct contact with NSUN", 64, 7, 11),
    ("had used the standards in their work", 91, 10, 11),
    # The ten "of those that had used them" rows: one multiple choice question asked of the ten who had.
    (USED + "improved the quality of involvement opportunities", 80, 8, 10),
    (USED + "improved staff understanding of how to involve people in the best possible way", 70, 7, 10),
    (USED + "created a broader range of involvement opportunities", 60, 6, 10),
    (USED + "improved the support / services that they provide to people", 50, 5, 10),
    (USED + "enabled them to become more service user led", 50, 5, 10),
    (USED + "improved service user experiences of being involved", 80, 8, 10),
    (USED + "improved service user confidence", 60, 6, 10),
    (USED + "improved people's understanding of the work of their organisation", 40, 4, 10),
    (USED + "helped service users to improve or expand their CV", 30, 3, 10),
    (USED + "improved service user mental health and wellbeing", 20, 2, 10),
    ("felt that they would benefit from additional training and guidance on how to use the standards", 30, 3, 10),
    ("said their colleagues would find this useful too", 40, 4, 10),
]
TRUST_NAMES = sorted([
    "Bradford District NHS Foundation Trust", "Central and North West London NHS Foundation Trust",
    "Cheshire and Wirral Partnership NHS Foundation Trust", "Greater Manchester Mental Health NHS Foundation Trust",
    "Kent and Medway NHS and Social Care Partnership", "Mersey Care NHS Foundation Trust",
    "Norfolk and Suffolk NHS Foundation Trust", "Pennine Care NHS Foundation Trust",
    "Southern Health NHS Foundation Trust", "South West London and St Georges NHS Mental Health Trust",
    "Surrey and Borders Partnership NHS Trust", "Sussex Partnership NHS Foundation Trust", "University of Southampton",
    "West London Mental Health NHS Trust", "Worcestershire Health and Care NHS Trust"], key=str.lower)
SIGNATORY_NAMES = sorted([
    "CAPITAL Project Trust", "Healthcare Quality Improvement Partnership", "Healthwatch Northamptonshire",
    "Lincolnshire Partnership NHS Foundation Trust", "Maternal OCD", "NIHR CLAHRC NWL", "ReCoCo",
    "The Advocacy Project", "Together for Mental Wellbeing", "Wish – a voice for women's mental health", "Rethink"],
    key=str.lower)


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert ("Demo responses loaded: end-of-involvement-demo (25), reality-and-impact-signatories (11), "
            "reality-and-impact-trusts (18)") in result.output
    return runner


@pytest.mark.parametrize("slug, table, people, names", [
    ("reality-and-impact-trusts", TRUSTS, 18, TRUST_NAMES),
    ("reality-and-impact-signatories", SIGNATORIES, 11, SIGNATORY_NAMES),
])
def test_every_figure_of_the_report(demo, slug, table, people, names):
    result = demo.invoke(args=["summary", slug, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["respondents"] == people
    assert data["organisations"] == len(names)
    assert data["responded"] == f"{people} people from {len(names)} organisations responded"
    # Written from the data, so the signatories' list cannot be the Trusts' list pasted twice.
    assert [o["name"] for o in data["organisations_responding"]] == names
    got = [(h["statement"], h["percent"], h["count"], h["base"]) for h in data["headlines"]]
    assert got == table
    for statement, percent, count, base in table:
        headline = next(h for h in data["headlines"] if h["statement"] == statement)
        assert headline["text"] == f"{percent}% of respondents {statement} ({count} of {base})"
        assert headline["base_kind"] == "answered"


def test_the_report_in_text(demo):
    text = demo.invoke(args=["summary", "reality-and-impact-trusts"]).output
    assert "18 people from 15 organisations responded." in text
    assert "- 65% of respondents had used the standards in their work (11 of 17)" in text
    assert "- 92% of respondents felt that the standards had made a difference to their work when they had been " \
           "used (12 of 13)" in text
    signatories = demo.invoke(args=["summary", "reality-and-impact-signatories"]).output
    assert "can add up to more than 100%" in signatories
    # Every headline is a sentence, as the report prints it, with its own base.
    assert ("- 80% of respondents who had used the standards said they had improved the quality of involvement "
            "opportunities (8 of 10)") in signatories
    assert "- 40% of respondents said their colleagues would find this useful too (4 of 10)" in signatories


def test_demo_responses_load_once(demo):
    again = demo.invoke(args=["demo", "--no-serve"])
    assert "Demo responses loaded" not in again.output
    data = json.loads(demo.invoke(args=["summary", "reality-and-impact-trusts", "--format", "json"]).output)
    assert data["respondents"] == 18
    end = json.loads(demo.invoke(args=["summary", "end-of-involvement-demo", "--format", "json"]).output)
    assert end["respondents"] == 25


def test_filter_by_an_answer_uses_those_respondents_as_base(demo):
    data = json.loads(demo.invoke(args=["summary", "reality-and-impact-trusts", "--format", "json",
                                        "--answer", "used=yes"]).output)
    assert data["respondents"] == 11
    made = next(q for q in data["questions"] if q["key"] == "made_difference")
    assert (made["base"], next(o for o in made["options"] if o["value"] == "yes")["count"]) == (11, 11)
