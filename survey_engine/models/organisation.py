"""Organisations that respondents and contacts belong to, and the managed list of them with their aliases."""
import unicodedata

from sqlalchemy import Boolean, ForeignKey, String, false
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


#: Characters that show as nothing (zero-width spaces and joiners, a soft hyphen, a byte order mark): a name
#: pasted from a web page or a document can carry them unseen.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean_name(name):
    """A name as stored: Unicode look-alikes in their plain form (NFKC), invisible characters out, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name or "").translate(INVISIBLE).split())


def organisation_key(name):
    """The form of a name that matching uses: case, spaces, invisible characters and look-alikes ignored."""
    # NFKC again after casefold: folding can leave a form that NFKC would write differently.
    return unicodedata.normalize("NFKC", clean_name(name).casefold())


def longest_name():
    """How many characters an organisation's name may have: its name and key columns must both hold it."""
    return min(Organisation.__table__.c.name.type.length, Organisation.__table__.c.key.type.length)


def name_fits(name):
    """Whether a name fits the organisations table: PostgreSQL refuses a longer one with the whole write."""
    # The stored forms: spaces collapsed for the name, and case-folded (which can lengthen it) for the key.
    return max(len(clean_name(name)), len(organisation_key(name))) <= longest_name()


class Organisation(db.Model):
    """An organisation, such as an NHS Trust or a signatory of the standards."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name as first written.
    name: Mapped[str] = mapped_column(String(300))
    #: organisation_key(name): unique, so one Trust is never counted twice.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    #: A free label such as "NHS Trust", "signatory" or "other"; empty when unknown.
    kind: Mapped[str] = mapped_column(String(100), default="")
    #: On the managed list (`survey-engine organisations import`), which an organisation question offers.
    listed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @classmethod
    def find(cls, name):
        """The organisation this name means, matched by key or by one of its aliases' keys; or None."""
        key = organisation_key(name)
        org = db.session.execute(db.select(cls).filter_by(key=key)).scalar_one_or_none()
        if org is None:
            org = db.session.execute(db.select(cls).join(OrganisationAlias).where(
                OrganisationAlias.key == key)).scalar_one_or_none()
        return org

    @classmethod
    def get_or_create(cls, name, kind=""):
        """The organisation with this name (matched by key or alias), added to the session if new."""
        key = organisation_key(name)
        org = cls.find(name)
        if org is None:
            org = cls(name=clean_name(name), key=key, kind=kind or "")
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


class OrganisationAlias(db.Model):
    """Another name of a listed organisation, such as "LYPFT": a typed alias counts as the organisation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: The alias as written in the list.
    name: Mapped[str] = mapped_column(String(300))
    #: organisation_key(name): unique, so one alias never means two organisations.
    key: Mapped[str] = mapped_column(String(300), unique=True)


def listed_names():
    """The names on the managed list, in order: what an organisation question offers."""
    return db.session.execute(db.select(Organisation.name).where(Organisation.listed)
                              .order_by(Organisation.key)).scalars().all()
