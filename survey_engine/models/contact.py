"""The people a survey is sent to: a contact's personal data, kept apart so it can be erased."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow


class Contact(db.Model):
    """Someone invited to one survey, on behalf of an organisation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                        index=True)
    #: The name to greet them by; empty once erased.
    name: Mapped[str] = mapped_column(String(300), default="")
    #: Their email address as imported (domain lower-cased); None once erased.
    email: Mapped[str | None] = mapped_column(String(320))
    #: email.casefold(): one address appears once per survey, however it is capitalised.
    email_key: Mapped[str | None] = mapped_column(String(320))
    #: Their role, such as "Involvement lead"; optional, empty once erased.
    role: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When their personal data was erased (by an admin or `retention apply`); None while it is held.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")
    invitation = relationship("Invitation", back_populates="contact", uselist=False,
                              cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (UniqueConstraint("survey_id", "email_key", name="uq_contact_survey_email"),)
