"""`survey-engine contacts`: bring in a survey's contacts, list them, erase one's personal data."""
import click
from flask.cli import AppGroup

from ..audit import record
from ..extensions import db
from ..importing import ImportFileError
from ..invitations.contacts import find_contact, import_contacts
from ..invitations.privacy import erase
from ..surveys import SurveyError, get_survey


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.group("contacts", cls=AppGroup)
def contacts():
    """Manage the people a survey is sent to."""


@contacts.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(slug, file):
    """Add contacts to survey SLUG from a CSV or XLSX FILE with columns name, email, organisation,
    organisation_kind and role (the last two optional). Any wrong row means nothing is imported."""
    try:
        survey = get_survey(slug)
        result = import_contacts(survey, file)
    except (SurveyError, ImportFileError) as exc:
        raise click.ClickException(str(exc))
    for line, reason in result.errors:
        click.echo(f"line {line}: {reason}", err=True)
    if result.errors:
        raise click.ClickException(f"{plural(len(result.errors), 'row')} cannot be imported, so nothing was "
                                   "imported; correct the file and import it again")
    record("contacts.imported", target=slug, detail=f"{result.imported} contacts from {file}")
    db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
    click.echo(f"Imported {plural(result.imported, 'contact')} from "
               f"{plural(result.organisations, 'organisation')} into {slug!r}.")


@contacts.command("list")
@click.argument("slug")
def list_command(slug):
    """List survey SLUG's contacts with their organisation and how far they have got."""
    try:
        survey = get_survey(slug)
    except SurveyError as exc:
        raise click.ClickException(str(exc))
    from ..extensions import db
    from ..models import Contact
    rows = db.session.execute(db.select(Contact).filter_by(survey_id=survey.id).order_by(Contact.id)).scalars()
    for contact in rows:
        invitation = contact.invitation
        who = "(erased)" if contact.erased_at else f"{contact.name} <{contact.email}>"
        state = invitation.progress if invitation.sent_at else "not sent"
        if invitation.last_error:
            state += f"; last send failed: {invitation.last_error}"
        click.echo(f"{who}\t{contact.organisation.name if contact.organisation else ''}\t{state}")


@contacts.command("erase")
@click.argument("slug")
@click.argument("email")
def erase_command(slug, email):
    """Erase the name, email and role of survey SLUG's contact EMAIL; their answers and organisation stay."""
    try:
        survey = get_survey(slug)
    except SurveyError as exc:
        raise click.ClickException(str(exc))
    contact = find_contact(survey, email)
    if contact is None:
        raise click.ClickException(f"survey {slug!r} has no contact {email!r}")
    erase([contact])
    record("contact.erased", target=f"{slug} contact {contact.id}", detail="name, email and role erased")
    db.session.commit()  # interim: record() no longer commits; invplugin moves this into an action
    click.echo(f"Erased the personal data of contact {contact.id} of {slug!r}.")


COMMANDS = (contacts,)
