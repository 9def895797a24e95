"""XLSForm spreadsheets become questionnaire documents; anything unsupported is a problem naming where it is."""
import json
import pathlib

import openpyxl
import pytest

from survey_engine.registry import registry
from survey_engine.xlsform import XLSFormError, parse_range, parse_relevant, read_xlsform

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "xlsform"
SURVEY_HEADER = ["type", "name", "label", "hint", "required", "relevant", "constraint", "appearance"]
SETTINGS = {"form_id": "wellbeing", "version": 2, "form_title": "Wellbeing"}
YES_NO = [["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]


def write_form(path, survey, choices=(), settings=None, survey_header=SURVEY_HEADER,
               choices_header=("list_name", "name", "label")):
    """An .xlsx with survey, choices and settings sheets; rows are lists in the headers' order."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(list(survey_header))
    for row in survey:
        sheet.append(list(row))
    sheet = book.create_sheet("choices")
    sheet.append(list(choices_header))
    for row in choices:
        sheet.append(list(row))
    settings = SETTINGS if settings is None else settings
    sheet = book.create_sheet("settings")
    sheet.append(list(settings))
    sheet.append(list(settings.values()))
    file = path / "form.xlsx"
    book.save(file)
    return file


def problems_of(path, *args, **kwargs):
    with pytest.raises(XLSFormError) as raised:
        read_xlsform(write_form(path, *args, **kwargs))
    return raised.value.problems


# The relevant expressions.

@pytest.mark.parametrize("text, condition", [
    ("${q} = 'v'", {"op": "equals", "question": "q", "value": "v"}),
    ('${q}="v"', {"op": "equals", "question": "q", "value": "v"}),
    ("${q} = 3", {"op": "equals", "question": "q", "value": "3"}),
    ("${q} != 'v'", {"op": "not", "condition": {"op": "equals", "question": "q", "value": "v"}}),
    ("selected(${q}, 'v')", {"op": "any_selected", "question": "q", "values": ["v"]}),
    ("not(selected( ${q} ,'v'))",
     {"op": "not", "condition": {"op": "any_selected", "question": "q", "values": ["v"]}}),
    ("${a} = 'x' and ${b} = 'y'", {"op": "and", "conditions": [
        {"op": "equals", "question": "a", "value": "x"}, {"op": "equals", "question": "b", "value": "y"}]}),
    ("${q} = 'a' or ${q} = 'b'", {"op": "one_of", "question": "q", "values": ["a", "b"]}),
    # `and` binds tighter than `or`; parentheses override it.
    ("${a} = 'x' or ${b} = 'y' and ${c} = 'z'", {"op": "or", "conditions": [
        {"op": "equals", "question": "a", "value": "x"},
        {"op": "and", "conditions": [{"op": "equals", "question": "b", "value": "y"},
                                     {"op": "equals", "question": "c", "value": "z"}]}]}),
    ("(${a} = 'x' or ${b} = 'y') and not(${c} = 'z')", {"op": "and", "conditions": [
        {"op": "or", "conditions": [{"op": "equals", "question": "a", "value": "x"},
                                    {"op": "equals", "question": "b", "value": "y"}]},
        {"op": "not", "condition": {"op": "equals", "question": "c", "value": "z"}}]}),
])
def test_relevant_expressions_become_conditions(text, condition):
    assert parse_relevant(text) == condition


@pytest.mark.parametrize("text, message", [
    ("count-selected(${q}) > 1", "count-selected() is not supported"),
    ("${q} > 3", "comparison '>' after ${q} is not supported"),
    ("${q} = 'a' and", "expected a condition but found the end"),
    ("(${q} = 'a'", "expected ')' but found the end"),
    ("${q} = ${r}", "expected a value in quotes but found 'r'"),
    ("${q} = 'a' # x", "'#' is not understood here"),
    ("today() = 'a'", "today() is not supported"),
])
def test_other_expressions_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=None) as raised:
        parse_relevant(text)
    assert message in str(raised.value)


def test_constraints_give_number_ranges():
    assert parse_range(". >= 0 and . <= 200") == (0, 200)
    assert parse_range(".<=7.5") == (None, 7.5)
    assert parse_range(". >= -3") == (-3, None)
    for text in (". > 0", ". >= 0 or . <= 3", "regex(., '[0-9]')", ". >= ${other}"):
        with pytest.raises(ValueError, match="is not supported"):
            parse_range(text)


# A whole form.

def test_a_form_becomes_the_questionnaire_document(tmp_path):
    survey = [
        ["note", "welcome", "Thank you for taking part."],
        ["begin group", "about", "About you", None, None, None, None, "field-list"],
        ["note", "about_note", "Tell us a little about yourself."],
        ["text", "name", "Your name", "As you like to be called", "yes"],
        ["text", "story", "Your story", None, "no", None, None, "multiline"],
        ["text", "org", "Your organisation", None, "true", None, None, "organisation"],
        ["text", "mail", "Your email", None, "", None, None, "email"],
        ["integer", "age", "Your age", None, "1", None, ". >= 16 and . <= 120"],
        ["decimal", "hours", "Hours a week", None, "FALSE"],
        ["date", "joined", "When did you join?"],
        ["end group"],
        ["select_one yes_no", "member", "Are you a member?", None, "yes"],
        ["select_one yes_no_unsure", "again", "Would you do it again?"],
        ["select_one agreement", "fair", "It was fair."],
        ["select_one colour", "colour", "Favourite colour"],
        ["select_multiple help or_other", "help", "What helped?", None, None, "${member} = 'yes'"],
    ]
    choices = YES_NO + [
        ["yes_no_unsure", "yes", "Yes"], ["yes_no_unsure", "no", "No"], ["yes_no_unsure", "not-sure", "Unsure"],
        ["agreement", "strongly-agree", "Strongly agree"], ["agreement", "agree", "Agree"],
        ["agreement", "neither", "Neither"], ["agreement", "disagree", "Disagree"],
        ["agreement", "strongly-disagree", "Strongly disagree"],
        ["colour", "red", "Red"], ["colour", 2, "Blue"],
        ["help", "peers", "Peers"], ["help", "staff", "Staff"],
    ]
    settings = {**SETTINGS, "introduction": "Hello.", "minutes": 4, "organisation_kind": "member"}
    document = read_xlsform(write_form(tmp_path, survey, choices, settings,
                                       survey_header=SURVEY_HEADER[:7] + ["appearance"]))
    assert {k: document[k] for k in ("id", "version", "title", "introduction", "minutes", "organisation_kind",
                                     "headlines", "translations")} == {
        "id": "wellbeing", "version": 2, "title": "Wellbeing", "introduction": "Hello.\n\nThank you for taking part.",
        "minutes": 4, "organisation_kind": "member", "headlines": [], "translations": {}}
    assert document["pages"] == [
        {"title": "About you", "introduction": "Tell us a little about yourself.",
         "questions": ["name", "story", "org", "mail", "age", "hours", "joined"]},
        # Questions outside groups: each run is one page, titled with the form's title.
        {"title": "Wellbeing", "introduction": "", "questions": ["member", "again", "fair", "colour"]},
        # help's condition reads member, on that page, so help starts a page of its own.
        {"title": "Wellbeing", "introduction": "", "questions": ["help"]},
    ]
    questions = {q["key"]: q for q in document["questions"]}
    assert {k: (q["type"], q["required"]) for k, q in questions.items()} == {
        "name": ("short_text", True), "story": ("long_text", False), "org": ("organisation", True),
        "mail": ("email", False), "age": ("number", True), "hours": ("number", False), "joined": ("date", False),
        "member": ("yes_no", True), "again": ("yes_no", False), "fair": ("agreement", False),
        "colour": ("single_choice", False), "help": ("multiple_choice", False)}
    assert questions["name"]["hint"] == "As you like to be called"
    assert (questions["age"]["minimum"], questions["age"]["maximum"]) == (16, 120)
    assert (questions["hours"]["minimum"], questions["hours"]["maximum"]) == (None, None)
    assert questions["again"]["not_sure"] and not questions["member"]["not_sure"]
    # Yes/no and agreement questions show the engine's own options, as `questionnaires show` prints them.
    assert [o["label"] for o in questions["again"]["options"]] == ["Yes", "No", "Not sure"]
    assert [o["value"] for o in questions["fair"]["options"]][2] == "neither"
    assert questions["colour"]["options"] == [{"value": "red", "label": "Red"}, {"value": "2", "label": "Blue"}]
    assert questions["help"]["other"] is True
    assert questions["help"]["options"][-1] == {"value": "other", "label": "Other, please specify"}
    assert questions["help"]["condition"] == {"op": "equals", "question": "member", "value": "yes"}
    assert set(questions["help"]) == {"key", "type", "text", "hint", "required", "options", "other", "not_sure",
                                      "minimum", "maximum", "condition"}


def test_a_condition_on_the_same_page_splits_the_page_there(tmp_path):
    survey = [
        ["begin group", "g", "Your work"],
        ["select_one yes_no", "paid", "Are you paid?"],
        ["text", "employer", "Who pays you?", None, None, "${paid} = 'yes'"],
        ["text", "role", "Your role", None, None, "${paid} = 'yes'"],
        ["select_one yes_no", "volunteer", "Do you volunteer?"],
        ["text", "where", "Where?", None, None, "${volunteer} = 'yes' or ${employer} != 'us'"],
        ["end group"],
        ["begin group", "h", "More", None, None, "${paid} = 'no'"],
        ["text", "why", "Why not?"],
        ["text", "else", "Anything else?", None, None, "${why} = 'x'"],
        ["end group"],
    ]
    document = read_xlsform(write_form(tmp_path, survey, YES_NO))
    assert [(p["title"], p["questions"]) for p in document["pages"]] == [
        ("Your work", ["paid"]), ("Your work", ["employer", "role", "volunteer"]), ("Your work", ["where"]),
        ("More", ["why"]), ("More", ["else"])]
    page_of = {key: i for i, page in enumerate(document["pages"]) for key in page["questions"]}
    questions = {q["key"]: q for q in document["questions"]}
    # A group's relevant applies to each of its questions, with the question's own.
    assert questions["else"]["condition"] == {"op": "and", "conditions": [
        {"op": "equals", "question": "paid", "value": "no"}, {"op": "equals", "question": "why", "value": "x"}]}

    def keys(condition):
        if "question" in condition:
            return {condition["question"]}
        inner = [condition["condition"]] if "condition" in condition else condition["conditions"]
        return set().union(*(keys(c) for c in inner))

    for question in document["questions"]:
        for key in keys(question["condition"]) if question["condition"] else ():
            assert page_of[key] < page_of[question["key"]], (question["key"], key)


def test_language_columns_become_translations(tmp_path):
    survey = [
        ["begin group", "g", "About you", None, None, None, None, None, "Amdanoch chi", None],
        ["note", "n", "Some questions.", None, None, None, None, None, "Rhai cwestiynau.", None],
        ["select_one yes_no", "member", "Are you a member?", "Of NSUN", "yes", None, None, None,
         "Ydych chi'n aelod?", "O NSUN"],
        ["text", "name", "Your name", None, None, None, None, None, None, None],
        ["end group"],
    ]
    choices = [["yes_no", "yes", "Yes", "Ydw"], ["yes_no", "no", "No", "Nac ydw"]]
    settings = {**SETTINGS, "form_title::Cymraeg (cy)": "Lles"}
    document = read_xlsform(write_form(
        tmp_path, survey, choices, settings,
        survey_header=SURVEY_HEADER + ["label::Cymraeg (cy)", "hint::Cymraeg (cy)"],
        choices_header=("list_name", "name", "label", "label::Cymraeg (cy)")))
    assert document["translations"] == {"cy": {
        "title": "Lles", "introduction": "",
        "pages": [{"title": "Amdanoch chi", "introduction": "Rhai cwestiynau."}],
        "questions": {"member": {"text": "Ydych chi'n aelod?", "hint": "O NSUN",
                                 "options": {"yes": "Ydw", "no": "Nac ydw"}}}}}
    assert document["questions"][0]["text"] == "Are you a member?"


def test_default_language_picks_the_main_label_column(tmp_path):
    survey = [["text", "name", "Your name", "Enw"]]
    document = read_xlsform(write_form(tmp_path, survey, settings={**SETTINGS, "default_language": "English (en)"},
                                       survey_header=["type", "name", "label::English (en)", "label::Cymraeg (cy)"]))
    assert document["questions"][0]["text"] == "Your name"
    assert document["translations"]["cy"]["questions"] == {"name": {"text": "Enw"}}


# Everything unsupported is a problem naming sheet, row and column; every problem is listed at once.

@pytest.mark.parametrize("row, column, message", [
    (["begin repeat", "kids", "Children"], "type", "'begin repeat' is not supported"),
    (["calculate", "total", "Total"], "type", "type 'calculate' is not supported"),
    (["geopoint", "where", "Where?"], "type", "type 'geopoint' is not supported"),
    (["select_one yes_no or_other", "q", "Q?"], "type", "or_other is supported on select_multiple only"),
    (["select_one nowhere", "q", "Q?"], "type", "list 'nowhere' is not on the choices sheet"),
    (["select_one_from_file x.csv", "q", "Q?"], "type", "type 'select_one_from_file x.csv' is not supported"),
    (["text", "q", "Q?", None, "maybe"], "required", "required 'maybe' is not yes or no"),
    (["text", "q", "Q?", None, None, "string-length(${q}) > 3"], "relevant",
     "string-length() is not supported"),
    (["text", "q", "Q?", None, None, "${later} = 'x'"], "relevant", "${later} is not a question before this row"),
    (["text", "q", "Q?", None, None, None, ". >= 3"], "constraint", "supported on integer and decimal only"),
    (["integer", "q", "Q?", None, None, None, ". > 3"], "constraint", "is not supported"),
    (["text", "q", "Q?", None, None, None, None, "numbers"], "appearance", "appearance 'numbers' is not supported"),
    (["text", None, "Q?"], "name", "the question has no name"),
    (["text", "q"], "label", "the question has no label"),
])
def test_unsupported_survey_rows_are_problems(tmp_path, row, column, message):
    problems = problems_of(tmp_path, [["text", "first", "First"], row], YES_NO)
    assert [(p.sheet, p.row, p.column) for p in problems] == [("survey", 3, column)], problems
    assert message in problems[0].message
    assert str(problems[0]).startswith(f"sheet survey, row 3, column {column}: ")


def test_unsupported_columns_are_problems_where_they_are_filled(tmp_path):
    problems = problems_of(
        tmp_path, [["text", "a", "A", None], ["select_one yes_no", "b", "B", "${a} = 'x'"]], YES_NO,
        survey_header=["type", "name", "label", "choice_filter", "$kuid"])
    assert [(p.sheet, p.row, p.column, p.message) for p in problems] == [
        ("survey", 3, "choice_filter", "column 'choice_filter' is not supported")]
    problems = problems_of(tmp_path, [["text", "a", "A"]], [["l", "x", "X", "north"]],
                           choices_header=("list_name", "name", "label", "region"))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("choices", 2, "region")]


def test_groups_settings_and_languages_are_checked(tmp_path):
    survey = [
        ["begin group", "g", "Outer"],
        ["begin group", "h", "Inner"],
        ["text", "a", "A"],
        ["text", "a", "Again"],
        ["note", "late", "Too late"],
        ["end group"],
        ["end group"],
        ["begin group", "k", ""],
        ["text", "b", "B"],
    ]
    problems = problems_of(tmp_path, survey, settings={"form_id": "Bad Id", "version": "v3",
                                                       "form_title::Welsh": "Lles"},
                           survey_header=SURVEY_HEADER)
    found = {(p.sheet, p.row, p.column): p.message for p in problems}
    assert found == {
        ("settings", 2, "form_id"): "form_id 'Bad Id' should be lower-case letters, digits, - and _",
        ("settings", 2, "version"): "version 'v3' is not a whole number",
        ("settings", 2, "form_title::Welsh"): "write the language as `Name (code)`, for example label::Cymraeg (cy)",
        ("survey", 3, "type"): "a group inside a group is not supported",
        ("survey", 5, "name"): "'a' is the name of an earlier question",
        ("survey", 6, "type"): "a note after a page's first question is not supported: notes are the page's "
                               "introduction, so put it first",
        ("survey", 8, "type"): "end group without begin group",
        ("survey", 9, "label"): "the group has no label: it is the page's title",
        ("survey", 9, "type"): "begin group without end group",
    }


def test_a_missing_sheet_or_a_file_that_is_not_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "survey"
    book.save(tmp_path / "no-settings.xlsx")
    with pytest.raises(XLSFormError, match="sheet settings: the workbook has no such sheet"):
        read_xlsform(tmp_path / "no-settings.xlsx")
    (tmp_path / "text.xlsx").write_text("not a spreadsheet")
    with pytest.raises(XLSFormError, match="not a readable .xlsx file"):
        read_xlsform(tmp_path / "text.xlsx")


# The built-in questionnaires, as the XLSForm examples in docs/xlsform/.

@pytest.mark.parametrize("questionnaire_id, filename", [
    ("trust-survey", "trust_survey.xlsx"), ("signatory-survey", "signatory_survey.xlsx"),
    ("end-of-involvement", "end_of_involvement.xlsx")])
def test_the_examples_convert_to_the_built_in_questionnaires(app, questionnaire_id, filename):
    document = read_xlsform(DOCS / filename)
    with app.app_context():
        reg = registry()
        builtin = reg.questionnaire(questionnaire_id)
        shown = builtin.to_dict(reg.question_types)
    # Headlines are not in XLSForm (nor their translations); translations (end of involvement's Welsh) come from
    # the label::… columns.
    assert document["headlines"] == []
    assert document["translations"] == {code: {k: v for k, v in texts.items() if k != "headlines"}
                                        for code, texts in shown.get("translations", {}).items()}
    for field in ("id", "version", "title", "introduction"):
        assert document[field] == shown[field]
    assert (document["minutes"], document["organisation_kind"]) == (builtin.minutes, builtin.organisation_kind)
    assert [(p["title"], p["introduction"], p["questions"]) for p in document["pages"]] == [
        (p.title, p.introduction, [q.key for q in p.questions]) for p in builtin.pages]
    # Areas come from the survey sheet's `area` column (descriptions are not written in XLSForm).
    assert [(a["title"], a["questions"]) for a in document.get("areas", [])] == [
        (a.title, list(a.questions)) for a in builtin.areas]
    for converted, expected, question in zip(document["questions"], shown["questions"], builtin.questions):
        assert {k: converted[k] for k in expected if k in converted} == expected
        assert (converted["not_sure"], converted["other"]) == (question.not_sure, question.other)
        assert (converted["minimum"], converted["maximum"]) == (question.minimum, question.maximum)


# The command.

def test_convert_writes_the_document(runner, tmp_path):
    output = tmp_path / "out.json"
    result = runner.invoke(args=["questionnaires", "convert", str(DOCS / "signatory_survey.xlsx"),
                                 "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "signatory-survey v1, 9 questions on 5 pages" in result.output
    assert json.loads(output.read_text()) == read_xlsform(DOCS / "signatory_survey.xlsx")


def test_convert_lists_every_problem_and_exits_1(runner, tmp_path):
    file = write_form(tmp_path, [["text", "a", "A", None, "perhaps"], ["calculate", "b", "B"]])
    output = tmp_path / "out.json"
    result = runner.invoke(args=["questionnaires", "convert", str(file), "--output", str(output)])
    assert result.exit_code == 1
    assert f"{file}: sheet survey, row 2, column required: required 'perhaps' is not yes or no" in result.output
    assert f"{file}: sheet survey, row 3, column type: type 'calculate' is not supported" in result.output
    assert not output.exists()
