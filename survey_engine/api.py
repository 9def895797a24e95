"""The public API for plugin authors: every name a plugin may import from the engine; anything else may change.

Each name also stays importable from its home module (survey_engine.questionnaire, survey_engine.export...).
"""
from .conditions import And, AnySelected, Condition, Equals, Not, OneOf, Or
from .export import (CELL_MAX_CHARS, SHEET_MAX_ROWS, Column, Export, ExportError, Exporter, QuestionBlock, Table,
                     csv_text, cut_text)
from .hookspecs import hookimpl
from .plugins import PluginError
from .question_types import QuestionType
from .documents import load_document, questionnaire_from_file
from .questionnaire import (Area, DemoSurvey, DocumentError, Headline, Option, Page, Question, Questionnaire,
                            QuestionnaireError, options)
from .summary.render import filters_line

__all__ = [
    # Hooks: decorate a plugin's functions with @hookimpl (README, "## Hooks").
    "hookimpl", "PluginError",
    # Questionnaires: what register_questionnaires and register_demo_surveys return.
    "Questionnaire", "Page", "Question", "Option", "options", "Headline", "Area", "DemoSurvey", "QuestionnaireError",
    # Questionnaire documents: JSON files a plugin ships (README, "The questionnaire document").
    "load_document", "questionnaire_from_file", "DocumentError",
    # Conditions: skip logic as data.
    "Condition", "Equals", "OneOf", "AnySelected", "Not", "And", "Or",
    # Question types: what register_question_types returns.
    "QuestionType",
    # Exporters: what register_exporters returns, and what their write(export, out) is given.
    "Exporter", "ExportError", "Export", "Table", "Column", "QuestionBlock", "csv_text", "cut_text",
    "CELL_MAX_CHARS", "SHEET_MAX_ROWS", "filters_line",
]
