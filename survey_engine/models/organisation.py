"""Organisations that respondents and contacts belong to."""
from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def organisation_key(name):
    """The form of a name that matching uses: case and surrounding or repeated spaces ignored."""
    return " ".join((name or "").split()).casefold()


def longest_name():
    """How many characters an organisation's name may have: its name and key columns must both hold it."""
    return min(Organisation.__table__.c.name.type.length, Organisation.__table__.c.key.type.length)


def name_fits(name):
    """Whether a name fits the organisations table: PostgreSQL refuses a longer one with the whole write."""
    # The stored forms: spaces collapsed for the name, and case-folded (which can lengthen it) for the key.
    return max(len(" ".join((name or "").split())), len(organisation_key(name))) <= longest_name()


class Organisation(db.Model):
    """An organisation, such as an NHS Trust or a signatory of the standards."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name as first written.
    name: Mapped[str] = mapped_column(String(300))
    #: organisation_key(name): unique, so one Trust is never counted twice.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    #: A free label such as "NHS Trust", "signatory" or "other"; empty when unknown.
    kind: Mapped[str] = mapped_column(String(100), default="")

    @classmethod
    def get_or_create(cls, name, kind=""):
        """The organisation with this name (matched by key), added to the session if new."""
        key = organisation_key(name)
        org = db.session.execute(db.select(cls).filter_by(key=key)).scalar_one_or_none()
        if org is None:
            org = cls(name=" ".join(name.split()), key=key, kind=kind or "")
            if db.session.get_bind().dialect.name == "sqlite":
                # pysqlite's savepoints are unreliable, and SQLite serves one writer at a time: the race below
                # is PostgreSQL's.
                db.session.add(org)
                db.session.flush()
                return org
            try:
                with db.session.begin_nested():
                    db.session.add(org)
            except IntegrityError:
                # Someone else (two people from one new Trust, answering at once) added it first: use theirs.
                org = db.session.execute(db.select(cls).filter_by(key=key)).scalar_one()
        elif kind and not org.kind:
            org.kind = kind
        return org
