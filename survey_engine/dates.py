"""Opening and closing dates as days in the engine's TIME_ZONE: when they begin and end, and how to say so."""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date, gettext as _

#: How the default zone is named to people; any other zone is named by its IANA name.
ZONE_LABELS = {"Europe/London": "UK time"}


def engine_zone():
    """The zone of TIME_ZONE (checked at start-up by config.settle_time_zone)."""
    return ZoneInfo(current_app.config["TIME_ZONE"])


def zone_label():
    """The zone as people read it: "UK time", or "America/New_York time"."""
    name = current_app.config["TIME_ZONE"]
    return ZONE_LABELS.get(name, f"{name} time")


def long_date(day):
    """31 January 2027."""
    return f"{day.day} {day:%B %Y}"


def start_of(day):
    """The first instant of `day` in the engine's zone, in UTC."""
    return datetime.combine(day, time(), tzinfo=engine_zone()).astimezone(timezone.utc)


def opening_instant(value):
    """When a survey opening on `value` begins: the start of a day, or a time given in the engine's zone."""
    return _instant(value, start_of)


def closing_instant(value):
    """When a survey closing on `value` stops taking answers: the first instant after the end of that day (so it is
    answerable through 23:59:59.999 local time, GMT or BST alike), or a time given in the engine's zone."""
    return _instant(value, lambda day: start_of(day + timedelta(days=1)))


def _instant(value, for_day):
    if value is None:
        return None
    if not isinstance(value, datetime):
        return for_day(value)
    if value.tzinfo is None:  # a time typed without a zone is the engine's local time
        value = value.replace(tzinfo=engine_zone())
    return value.astimezone(timezone.utc)


def last_day(closes_at):
    """The last day on which answers are taken, in the engine's zone."""
    return (closes_at.astimezone(engine_zone()) - timedelta(microseconds=1)).date()


def closing_phrase(closes_at):
    """"the end of 31 January 2027 (UK time)", or "17:00 on 31 January 2027 (UK time)" for a survey given a time."""
    local = closes_at.astimezone(engine_zone())
    if local.time() == time():
        return f"the end of {long_date(last_day(closes_at))} ({zone_label()})"
    return f"{local:%H:%M} on {long_date(local.date())} ({zone_label()})"


def opening_phrase(opens_at):
    """"the start of 1 January 2027 (UK time)", or "09:00 on 1 January 2027 (UK time)"."""
    local = opens_at.astimezone(engine_zone())
    if local.time() == time():
        return f"the start of {long_date(local.date())} ({zone_label()})"
    return f"{local:%H:%M} on {long_date(local.date())} ({zone_label()})"



def day_in_words(day):
    """31 January 2027, in the page's language."""
    return format_date(day, "d MMMM y")


def _zone_in_words():
    name = current_app.config["TIME_ZONE"]
    return _("UK time") if name == "Europe/London" else _("%(zone)s time", zone=name)


def until_phrase(closes_at):
    """closing_phrase in the page's language, for a respondent's "works until …" (closing_phrase stays English
    for staff, the CLI and emails to contacts)."""
    local = closes_at.astimezone(engine_zone())
    if local.time() == time():
        # TRANSLATORS: always follows "until" ("works until the end of 31 January 2027 (UK time)").
        return _("the end of %(day)s (%(zone)s)", day=day_in_words(last_day(closes_at)), zone=_zone_in_words())
    at = f"{local:%H:%M}"
    # TRANSLATORS: always follows "until" ("works until 17:00 on 31 January 2027 (UK time)").
    return _("%(time)s on %(day)s (%(zone)s)", time=at, day=day_in_words(local.date()), zone=_zone_in_words())


def closing_sentence(closes_at):
    """The start page's "Closes at the end of 31 January 2027 (UK time).", in the page's language."""
    local = closes_at.astimezone(engine_zone())
    zone = _zone_in_words()
    if local.time() == time():
        return _("Closes at the end of %(day)s (%(zone)s).", day=format_date(last_day(closes_at), "d MMMM y"),
                 zone=zone)
    at = f"{local:%H:%M}"
    return _("Closes at %(time)s on %(day)s (%(zone)s).", time=at, day=format_date(local.date(), "d MMMM y"), zone=zone)
