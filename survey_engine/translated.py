"""A questionnaire in another language: its document's `translations` laid over its texts, keys and values kept."""
from dataclasses import replace

from .questionnaire import Headline, Option, Page


def in_language(questionnaire, language):
    """`questionnaire` with every text its translation into `language` gives; itself when there is none.

    Keys, option values and conditions are the same, so answers given in any language are stored alike. An empty
    or missing text means "not translated": the questionnaire's own is kept.
    """
    translation = questionnaire.translations.get(language)
    if not translation:
        return questionnaire
    pages = translation.get("pages") or []
    headlines = translation.get("headlines") or []
    texts = translation.get("questions") or {}
    return replace(
        questionnaire,
        title=translation.get("title") or questionnaire.title,
        introduction=translation.get("introduction") or questionnaire.introduction,
        pages=[_page(page, pages[i] if i < len(pages) else {}, texts) for i, page in enumerate(questionnaire.pages)],
        headlines=[Headline(headlines[i] if i < len(headlines) and headlines[i] else h.text, h.question, h.values,
                            h.base) for i, h in enumerate(questionnaire.headlines)])


def _page(page, translation, texts):
    return Page(translation.get("title") or page.title, [_question(q, texts.get(q.key) or {}) for q in page.questions],
                translation.get("introduction") or page.introduction)


def _question(question, translation):
    if not translation:
        return question
    labels = translation.get("options") or {}
    return replace(question, text=translation.get("text") or question.text,
                   hint=translation.get("hint") or question.hint,
                   options=tuple(Option(o.value, labels.get(o.value) or o.label, o.hint) for o in question.options))


def question_types(types, questionnaire, language):
    """`types` ({name: QuestionType}) for the pages of `questionnaire` in `language`: where its translation labels
    options a type adds itself (yes and no, the agreement scale), the page and the check page show those labels."""
    translation = questionnaire.translations.get(language) or {}
    labels = {key: texts["options"] for key, texts in (translation.get("questions") or {}).items()
              if texts.get("options")}
    if not labels:
        return types
    return {name: _Labelled(qtype, labels) for name, qtype in types.items()}


class _Labelled:
    """A question type whose options read with a translation's labels; everything else is the type's own."""

    def __init__(self, qtype, labels):
        self._qtype = qtype
        self._labels = labels

    def __getattr__(self, name):
        return getattr(self._qtype, name)

    def options(self, question):
        labels = self._labels.get(question.key) or {}
        return tuple(Option(o.value, labels.get(o.value) or o.label, o.hint) for o in self._qtype.options(question))

    def display(self, question, value, extra):
        labels = self._labels.get(question.key) or {}
        if isinstance(value, str) and labels.get(value):
            return labels[value]
        return self._qtype.display(question, value, extra)
