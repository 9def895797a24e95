"""Response rates: of the contacts sent a link, how many opened it, started and completed, by organisation too."""
from sqlalchemy import case, func, select

from ..extensions import db
from ..models import Contact, Invitation, Organisation
from ..models.invitation import PROGRESS
from ..summary.numbers import as_json_number, percentage, whole_percentage


def _reached(step):
    return func.sum(case((Invitation.progress.in_(PROGRESS[PROGRESS.index(step):]), 1), else_=0))


def _row(invited, opened, started, completed):
    invited, opened, started, completed = (int(n or 0) for n in (invited, opened, started, completed))
    return {"invited": invited, "opened": opened, "started": started, "completed": completed,
            "rate": as_json_number(percentage(completed, invited))}


def response_rates(survey):
    """{"survey": row, "organisations": [row + name, kind]} where a row is invited, opened, started, completed
    and rate (completed as a percentage of invited, one decimal). Only contacts sent a link count as invited."""
    columns = (func.count(), _reached("opened"), _reached("started"), _reached("completed"))
    invited = (Invitation.survey_id == survey.id, Invitation.sent_at.is_not(None))
    total = db.session.execute(select(*columns).where(*invited)).one()
    rows = db.session.execute(
        select(Organisation.name, Organisation.kind, *columns)
        .select_from(Invitation).join(Contact, Contact.id == Invitation.contact_id)
        .outerjoin(Organisation, Organisation.id == Contact.organisation_id)
        .where(*invited).group_by(Organisation.id, Organisation.name, Organisation.kind)).all()
    organisations = sorted(({"name": name or "", "kind": kind or "", **_row(*figures)}
                            for name, kind, *figures in rows), key=lambda r: r["name"].casefold())
    return {"survey": _row(*total), "organisations": organisations}


def plural(kind):
    """'NHS Trusts' from 'NHS Trust', 'signatories' from 'signatory'."""
    if kind.endswith("y") and not kind.endswith(("ay", "ey", "oy", "uy")):
        return kind[:-1] + "ies"
    return kind if kind.endswith("s") else kind + "s"


def rates_summary(survey):
    """The invited base and rates as a summary reports them, or None when no one has been sent a link."""
    rates = response_rates(survey)
    total = rates["survey"]
    if not total["invited"]:
        return None
    orgs = rates["organisations"]
    responded_orgs = sum(1 for o in orgs if o["completed"])
    kinds = {o["kind"] for o in orgs}
    # Only when every invited organisation is of one kind can the sentence say "Trusts" for "organisations".
    kind = kinds.pop() if len(kinds) == 1 and "" not in kinds else "organisation"
    noun = plural(kind)

    def orgs_of(n):
        return f"{n} {kind if n == 1 else noun}"
    people = total["completed"]
    contact_rate = whole_percentage(people, total["invited"])
    org_rate = whole_percentage(responded_orgs, len(orgs))
    text = (f"{people} {'person' if people == 1 else 'people'} from {orgs_of(responded_orgs)} responded, "
            f"out of {total['invited']} contact{'' if total['invited'] == 1 else 's'} across {orgs_of(len(orgs))} "
            f"invited ({contact_rate}% of contacts, {org_rate}% of {noun})")
    return {"invited": {"contacts": total["invited"], "organisations": len(orgs)},
            "responded": {"contacts": people, "organisations": responded_orgs},
            "rate": {"contacts": contact_rate, "organisations": org_rate},
            "opened": total["opened"], "started": total["started"],
            "organisation_noun": noun, "text": text, "organisations": orgs}
