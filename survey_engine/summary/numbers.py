"""Percentages as a report prints them: rounded half up, whole in headlines, one decimal in tables."""
from decimal import ROUND_HALF_UP, Decimal

WHOLE = Decimal(1)
ONE_DECIMAL = Decimal("0.1")


def percentage(count, base, places=ONE_DECIMAL):
    """count / base as a percentage rounded half up to `places` (12.5 -> 13 whole); None when base is 0."""
    if not base:
        return None
    # Rounded once from the exact fraction: rounding 12.45 to 12.5 and then to 13 would be wrong.
    return (Decimal(count) * 100 / Decimal(base)).quantize(places, rounding=ROUND_HALF_UP)


def whole_percentage(count, base):
    """The percentage as a whole number, as headline text prints it; None when base is 0."""
    value = percentage(count, base, WHOLE)
    return None if value is None else int(value)


def as_json_number(value):
    """A Decimal as an int or float for JSON; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)


def show_percent(value):
    """'72.2%' from a one-decimal percentage, or 'no base' when it has none."""
    return "no base" if value is None else f"{value}%"


def show_number(value):
    """A number statistic for text: whole numbers without a decimal point, others to two places."""
    if value is None:
        return "none"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize())
