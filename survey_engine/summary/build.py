"""A survey's summary as plain data: who responded, headlines, and each question's counts with their base."""
from flask import current_app

from ..registry import registry
from . import queries
from .numbers import whole_percentage
from .render import filter_words
from .scorecards import area_scorecards
from .uncertainty import add_intervals

#: The bases a percentage can be of, and how a summary says so.
BASES = {
    "answered": "those asked who answered",
    "asked": "those asked, including those who left it blank",
    "respondents": "everyone who submitted a response",
    "invited": "everyone invited",
}
DEFAULT_BASE = "answered"
MULTIPLE_NOTE = "Respondents could choose more than one answer, so the percentages can add up to more than 100%."
#: Said instead of the response rates beside filtered figures.
INVITED_FILTERED = ("Response rates and the invited base are of the whole survey: invitations record who was sent a "
                    "link, not what they answered, so they are left out of filtered figures.")


class SummaryError(ValueError):
    """A summary that cannot be made as asked, such as a base with no figure behind it."""


def question_versions(survey, versions):
    """Every question asked in these versions, by key, as the newest version holding it wrote it."""
    known = registry().questionnaires.get(survey.questionnaire_id, {})
    wanted = sorted({v for v in versions if v in known} | ({survey.questionnaire_version} & set(known)),
                    reverse=True)
    if not wanted:
        raise SummaryError(f"questionnaire {survey.questionnaire_id!r} is not registered; is its plugin enabled?")
    questions, order = {}, []
    for version in wanted:
        for question in known[version].questions:
            if question.key not in questions:
                questions[question.key] = question
                order.append(question.key)
    # Keys only older versions have go after the newest version's questions, in their own order.
    return [questions[key] for key in order], known[wanted[0]]


def invited_count(survey, rates):
    """How many were invited: the `rates` summary_response_rates gave, unless a plugin still answers the
    retired summary_invited hook (asked only when one implements it, so the rates are queried once)."""
    if registry().pm.hook.summary_invited.get_hookimpls():
        invited = registry().call("summary_invited", survey=survey)
        if invited is not None:
            return invited
    return rates["invited"]["contacts"] if rates else None


def invited_base(survey, filters, people):
    """(invited, response rates, note, why not): the invited base if it can be used with these figures.

    It can be used only when every response counted could have come through an invitation: a response imported
    from paper or given through an open link was never invited, and an anonymous survey cannot tell which those
    are. So the summary counts against it only when no more responses were submitted than invitations completed
    (and than were invited), and never with filters, which invitations cannot apply. Percentages of those
    invited then never pass 100%.
    """
    rates = registry().call("summary_response_rates", survey=survey)
    invited = invited_count(survey, rates)
    if filters and (invited is not None or rates is not None):
        return None, None, INVITED_FILTERED, ("the invited base cannot be filtered: invitations record who was "
                                              "sent a link, not what they answered; remove the filters or "
                                              "choose another base")
    if invited is None:
        return None, rates, None, "the invited base needs invitations, and no plugin knows how many were invited"
    through = rates["responded"]["contacts"] if rates else None
    if through is not None and people > through:
        why = (f"of {people} submitted responses, {through} came through an invitation; the others were imported "
               "or came by an open link, and percentages of those invited would count people never invited; "
               "choose another base")
    elif people > invited:
        why = (f"the {people} submitted responses are more than the {invited} invited, so percentages of those "
               "invited would pass 100%; choose another base")
    else:
        why = None
    return invited, rates, None, why


def summarise(survey, base=None, filters=None, max_texts=None, response_groups=None):
    """The summary of `survey`'s submitted responses (those `filters` select), as JSON-ready data.

    `base` chooses what every percentage is of (see BASES); None means each question's answered base and
    each headline's own base. `response_groups`, the survey's models.response.response_groups() if the caller
    has read them already (the summary page, for its organisation kinds), saves reading them again.
    """
    if base is not None and base not in BASES:
        raise SummaryError(f"base must be one of {', '.join(BASES)}")
    config = current_app.config
    max_texts = config.get("SUMMARY_MAX_TEXTS", 500) if max_texts is None else max_texts
    selection = queries.Selection(survey, filters)
    groups = queries.respondents(selection, response_groups)
    people = sum(groups.values())
    versions = sorted({version for version, org in groups})
    org_ids = {org for version, org in groups if org is not None}
    org_count = len(org_ids)
    questions, questionnaire = question_versions(survey, versions)
    invited, rates, invited_note, not_invited = invited_base(survey, filters, people)
    if base == "invited" and not_invited:
        raise SummaryError(not_invited)

    types = registry().question_types
    counts = queries.Counts(selection, [q.key for q in questions if types[q.type].several_rows], max_texts)
    bases = {"respondents": people, "invited": None if not_invited else invited}

    summaries = []
    for question in questions:
        qtype = types[question.type]
        asked, answered = qtype.asked_and_answered(question, counts)
        base_kind = base or DEFAULT_BASE
        figure = {"answered": answered, "asked": asked, **bases}[base_kind]
        item = {"key": question.key, "text": str(question.text), "type": question.type, "kind": qtype.kind,
                "base": figure, "base_kind": base_kind, "base_description": BASES[base_kind],
                "asked": asked, "answered": answered, "not_answered": asked - answered,
                "not_asked": people - asked, "options": []}
        item.update(qtype.summary_figures(question, counts, figure, answered))
        # "Prefer not to say" and "Not applicable" are outside the answered base, yet they were answers, not blanks.
        item["not_answered"] -= item.get("outside_base", 0)
        summaries.append(item)
    counts.load_texts()

    by_key = {item["key"]: item for item in summaries}
    asked_questions = {q.key: q for q in questions}
    headlines = [_headline(h, by_key[h.question], asked_questions[h.question], types, base, bases, counts,
                           not_invited)
                 for h in questionnaire.headlines if h.question in by_key]
    return add_intervals({
        "survey": {"slug": survey.slug, "title": survey.title, "questionnaire": survey.questionnaire_id,
                   "versions": versions},
        "base": base or DEFAULT_BASE,
        "base_description": BASES[base or DEFAULT_BASE],
        "filters": (filters or queries.Filters()).to_dict(),
        "filters_in_words": filter_words((filters or queries.Filters()).to_dict()),
        "respondents": people,
        # Beside filtered figures, what they are a part of; the same number when nothing is filtered.
        "respondents_unfiltered": queries.submitted_count(survey) if filters else people,
        "organisations": org_count,
        "responded": responded_text(people, org_count),
        "organisations_responding": [{"name": name, "kind": kind}
                                     for name, kind in queries.organisations(org_ids)],
        "invited": invited,
        "response_rates": rates,
        "invited_note": invited_note,
        "headlines": headlines,
        "questions": summaries,
        "scorecards": area_scorecards(questionnaire, summaries, types),
    })


def _headline(headline, item, question, types, base, bases, counts, not_invited=None):
    """A headline statement with its whole-number percentage, count and base, in the report's words."""
    count = types[question.type].headline_count(question, headline.values, counts)
    base_kind = base or headline.base
    figure = {"answered": item["answered"], "asked": item["asked"], **bases}[base_kind]
    percent = whole_percentage(count, figure)
    if base_kind == "invited" and figure is None:
        # A headline that declares the invited base, on figures it cannot be used with.
        text = f"{count} respondents {headline.text}: no percentage of those invited, as {not_invited}"
    elif percent is None:
        text = f"0 of 0 respondents {headline.text}: no percentage, as {_nobody(base_kind, item)}"
    else:
        # Of everyone invited, most never responded: "of respondents" would misstate the base.
        who = "of those invited" if base_kind == "invited" else "of respondents"
        text = f"{percent}% {who} {headline.text} ({count} of {figure})"
    return {"text": text, "statement": headline.text, "question": headline.question,
            "values": list(headline.values), "percent": percent, "count": count, "base": figure,
            "base_kind": base_kind, "base_description": BASES[base_kind]}


def _nobody(base_kind, item):
    """Why a base is 0, in words: the people it would have counted."""
    if base_kind == "answered" and item["asked"]:
        return "no one who was asked answered"
    return {"respondents": "no one responded", "invited": "no one was invited"}.get(base_kind, "no one was asked")


def responded_text(people, organisations):
    """'18 people from 15 organisations responded', with singulars where they belong."""
    who = f"{people} {'person' if people == 1 else 'people'}"
    if not organisations:
        return f"{who} responded"
    return f"{who} from {organisations} organisation{'' if organisations == 1 else 's'} responded"
