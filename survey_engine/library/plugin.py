"""Built-in plugin: the versions published in the questionnaire library, seen by every worker without a restart."""
import json

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..hookspecs import hookimpl
from ..models import PublishedVersion


def _read(statement):
    # Its own connection: a database without the library's tables yet (before init-db), or a failed read, must
    # not spoil the transaction of whatever asked the registry.
    try:
        with db.engine.connect() as connection:
            return connection.execute(statement).all()
    except SQLAlchemyError:
        return None


@hookimpl
def questionnaires_stamp(app):
    # Versions are only ever added, so the newest row's id and the count change exactly when there is a new one.
    rows = _read(select(func.max(PublishedVersion.id), func.count(PublishedVersion.id)))
    return tuple(rows[0]) if rows else None


@hookimpl
def register_questionnaires(app):
    from ..questionnaire import Questionnaire
    from ..registry import registry

    types = registry().question_types
    found = []
    for (document,) in _read(select(PublishedVersion.document).order_by(PublishedVersion.id)) or ():
        # A version was checked when it was published; one that no longer passes (a plugin type disabled since)
        # is left out by the registry, which reports it.
        try:
            found.append(Questionnaire.from_dict(json.loads(document), types))
        except ValueError as exc:
            app.logger.error("a published questionnaire version cannot be loaded: %s", exc)
    return found
