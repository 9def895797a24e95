"""Question types: each owns its form field and partial, import cells, export columns, display and summary."""
from ..hookspecs import hookimpl
from .base import QuestionType
from .choice import (AGREEMENT, NOT_SURE, OTHER, OTHER_SUFFIX, SEPARATOR, AgreementType, ChoiceType,
                     MultipleChoiceType, YesNoType, option_value)
from .number import NumberField, NumberType
from .text import EmailType, LongTextType, OrganisationType, ShortTextType, fits_organisations_table

BUILTIN_TYPES = (YesNoType, ChoiceType, MultipleChoiceType, AgreementType, ShortTextType, LongTextType,
                 NumberType, EmailType, OrganisationType)

__all__ = ["AGREEMENT", "BUILTIN_TYPES", "NOT_SURE", "OTHER", "OTHER_SUFFIX", "SEPARATOR", "AgreementType",
           "ChoiceType", "EmailType", "LongTextType", "MultipleChoiceType", "NumberField", "NumberType",
           "OrganisationType", "QuestionType", "ShortTextType", "YesNoType", "fits_organisations_table",
           "option_value"]


@hookimpl
def register_question_types():
    return [cls() for cls in BUILTIN_TYPES]
