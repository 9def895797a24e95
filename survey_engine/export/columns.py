"""A table's columns, and the cells a question's stored rows fill in a row of the Responses table."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, what kind of value it holds, and a readable width."""

    header: str
    #: text, number, percent (a fraction, 0.72 for 72%), datetime (UTC), date or flag (1 or blank).
    kind: str = "text"
    #: Width in characters, for formats that have widths.
    width: int = 12
    #: Decimal places a percent is shown with.
    places: int = 1


def fraction(count, base):
    """count / base, the number a percentage format shows as a percentage; None when the base is 0."""
    return count / base if base else None


@dataclass(frozen=True)
class TextCell:
    """One column holding a free-text answer as typed."""

    column: int

    def fill(self, row, value, text, number):
        if text is not None:
            row[self.column] = text


@dataclass(frozen=True)
class NumberCell:
    """One column holding a number answer: whole numbers as ints, so they read 7 and not 7.0."""

    column: int

    def fill(self, row, value, text, number):
        if number is not None:
            row[self.column] = int(number) if number.is_integer() else number


@dataclass(frozen=True)
class LabelCell:
    """One column holding the label of the option chosen (its stored value if no option has it now)."""

    column: int
    #: {stored value: label}.
    labels: dict

    def fill(self, row, value, text, number):
        if value is not None:
            row[self.column] = self.labels.get(value, value)


@dataclass(frozen=True)
class FlagCells:
    """A column per option, 1 where it was chosen, and the "other" text in a column of its own."""

    #: {stored value: column}.
    flags: dict
    #: The column of the "other" text, or None if the question offers no "other".
    other: int | None = None

    def fill(self, row, value, text, number):
        if value is None:
            return
        column = self.flags.get(value)
        if column is not None:
            row[column] = 1
        if value == "other" and text is not None and self.other is not None:
            row[self.other] = text
