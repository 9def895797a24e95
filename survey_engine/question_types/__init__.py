"""Question types: each owns its form field and partial, import cells, export columns, display and summary."""
from ..hookspecs import hookimpl
from .base import QuestionType
from .choice import (AGREEMENT, NOT_SURE, OTHER, OTHER_SUFFIX, SEPARATOR, AgreementType, ChoiceType, ListType,
                     MultipleChoiceType, YesNoType, option_value)
from .date import DateType
from .number import NumberField, NumberType
from .rating import RatingType
from .text import EmailType, LongTextType, OrganisationType, ShortTextType, fits_organisations_table

BUILTIN_TYPES = (YesNoType, ChoiceType, MultipleChoiceType, AgreementType, ShortTextType, LongTextType,
                 NumberType, EmailType, OrganisationType, DateType, RatingType, ListType)

__all__ = ["AGREEMENT", "BUILTIN_TYPES", "NOT_SURE", "OTHER", "OTHER_SUFFIX", "SEPARATOR", "AgreementType",
           "ChoiceType", "DateType", "ListType", "RatingType", "EmailType", "LongTextType", "MultipleChoiceType", "NumberField", "NumberType",
           "OrganisationType", "QuestionType", "ShortTextType", "YesNoType", "fits_organisations_table",
           "option_value"]


@hookimpl
def register_question_types():
    return [cls() for cls in BUILTIN_TYPES]
