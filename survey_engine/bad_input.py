"""Refusing request values no database column can hold: NUL bytes, and whole numbers too big for an INTEGER."""
from flask import abort, request
from werkzeug.routing import IntegerConverter

#: The largest value of a 32-bit INTEGER column, PostgreSQL's and the ids' type.
MAX_INT = 2**31 - 1


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` that matches only numbers a database INTEGER can hold, so a huge id is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def parse_id(text, maximum=MAX_INT):
    """The whole number `text` spells in ASCII digits, up to `maximum`; None for anything else, however long."""
    # Checked before int(): isdigit() alone passes "²", and int() refuses more than 4,300 digits with a ValueError.
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def _has_nul(text):
    return "\x00" in (text or "")


def refuse_nul_bytes():
    """Answer 400 to a request with a NUL byte in its path, query or form: PostgreSQL cannot store or compare one."""
    values = [request.path]
    for data in (request.args, request.form):
        values.extend(item for pair in data.items(multi=True) for item in pair)
    values.extend(upload.filename for upload in request.files.values())
    if any(_has_nul(value) for value in values):
        abort(400)


def init_app(app):
    """Bound `<int:...>` routes and refuse NUL bytes; before any blueprint is registered."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
    app.before_request(refuse_nul_bytes)
