"""Links for staff who send through their own mail merge: a fresh token per contact, written to CSV."""
import csv
import io

from sqlalchemy import select

from ..audit import record
from ..extensions import db
from ..models import Contact, Invitation
from ..models._types import utcnow
from .sending import link_for
from .tokens import issue_token

COLUMNS = ("name", "email", "organisation", "link")
#: A cell starting with one of these could run as a formula in a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    """`text`, with a leading apostrophe if a spreadsheet program would otherwise read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_links(survey, write, actor):
    """Pass the CSV text (name, email, organisation and a new link for every contact with an address) to
    `write`, then keep the new tokens and record the export by `actor`; returns how many rows.

    Tokens are stored only as hashes, so each export issues new tokens; links already sent keep working.
    The contacts count as invited from now on.
    """
    run_at = utcnow()
    invitations = db.session.execute(
        select(Invitation).join(Contact, Contact.id == Invitation.contact_id)
        .where(Invitation.survey_id == survey.id, Contact.email.is_not(None)).order_by(Invitation.id)).scalars().all()
    rows = []
    for invitation in invitations:
        contact = invitation.contact
        link = link_for(survey, issue_token(invitation, "export", run_at))
        invitation.sent_at = invitation.sent_at or run_at
        rows.append((contact.name, contact.email, contact.organisation.name if contact.organisation else "", link))
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    try:
        write(out.getvalue())
    except BaseException:
        # Links no one will see must not count as issued.
        db.session.rollback()
        raise
    record("invitations.exported", target=survey.slug, detail=f"{len(rows)} links", actor=actor)
    db.session.commit()
    return len(rows)
