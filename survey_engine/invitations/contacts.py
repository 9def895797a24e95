"""Bringing a survey's contacts in from CSV or XLSX, checked row by row, and finding one by email."""
import time
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..importing import ImportFileError, let_others_write, read_table
from ..models import Contact, Invitation, Organisation, organisation_key
from ..models.organisation import longest_name, name_fits

REQUIRED = ("name", "email", "organisation")
COLUMNS = REQUIRED + ("organisation_kind", "role")


@dataclass
class ContactImport:
    """What an import did: contacts added, organisations among them, and each wrong line with its reasons."""

    imported: int = 0
    organisations: int = 0
    errors: list = field(default_factory=list)  # [(line number, reason)]


def check_email(text):
    """The address with its domain lower-cased; ValueError saying what is wrong with it."""
    if not text:
        raise ValueError("the email is missing")
    from email_validator import EmailNotValidError, validate_email  # imported by the first address checked

    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"{text!r} is not an email address: {exc}")


def _too_long(row, organisation, kind):
    """A reason for each value longer than its column holds: PostgreSQL would refuse the whole import."""
    values = {"name": (row.get("name", "").strip(), Contact.name), "role": (row.get("role", "").strip(), Contact.role),
              "organisation_kind": (kind, Organisation.kind)}
    reasons = [f"{column} is longer than {attribute.type.length} characters"
               for column, (value, attribute) in values.items() if len(value) > attribute.type.length]
    if organisation and not name_fits(organisation):
        reasons.append(f"organisation is longer than {longest_name()} characters")
    return reasons


def _plain(text, column):
    """`text` if it fits on one line; a ValueError for line breaks and other control characters."""
    # Cc covers ASCII controls and NEL; Zl and Zp are the Unicode line and paragraph separators Word pastes.
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        raise ValueError(f"{column} contains a line break or control character")
    return text


#: Contacts written per transaction by a batched import: short enough that a respondent's save on SQLite, which
#: waits for the one writer, never waits long; long enough that the import is not slowed by commits.
BATCH = 100


def import_contacts(survey, path, data=None, batches=None, imported=0):
    """Check every row, then add every contact (each with an invitation), or none if any row is wrong.

    Without `batches` the caller commits all at once. With it, contacts are written BATCH at a time and
    `batches(n, total)` is called inside each batch's transaction, which is then committed: a long import never
    holds the database for long. `imported`: how many of the file's good rows an interrupted run already wrote (they are
    skipped, and their addresses are not counted as already on the survey).
    Organisations are matched by organisation_key, so "Leeds  trust" and "Leeds Trust" are one.
    """
    header, table = read_table(path, data)
    table = list(table)
    mine = set()
    if imported:
        first = _checked(survey, header, table, on_survey=set())
        mine = {email.casefold() for _, email, *_ in first[1][:imported]}
    result, good = _checked(survey, header, table, exclude=mine)
    if result.errors:
        return result
    good = good[imported:]
    organisations, found = set(), {}
    for start in range(0, len(good), max(1, len(good) if batches is None else BATCH)):
        began = time.monotonic()
        batch = good[start:start + BATCH] if batches is not None else good
        for name, email, organisation, kind, role in batch:
            # Each organisation looked up once per import, not once per row: a row's lookup flushed every row.
            key = organisation_key(organisation)
            org = found.get(key)
            if org is None:
                org = found[key] = Organisation.get_or_create(organisation, kind)
            organisations.add(org.id)
            contact = Contact(survey_id=survey.id, organisation=org, name=name, email=email,
                              email_key=email.casefold(), role=role)
            db.session.add(contact)
            db.session.add(Invitation(survey_id=survey.id, contact=contact))
        db.session.flush()
        if batches is not None:
            batches(len(batch), imported + len(good))
            db.session.commit()
            let_others_write(time.monotonic() - began)
    result.imported, result.organisations = imported + len(good), len(organisations)
    return result


def _checked(survey, header, table, on_survey=None, exclude=()):
    """(ContactImport with any errors, [good row tuples]) for the rows of `table`."""
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ImportFileError(f"line 1: unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(f"line 1: the column {missing[0]!r} is missing; the columns are {', '.join(COLUMNS)}")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise ImportFileError(f"line 1: column {duplicated[0]!r} appears twice")

    if on_survey is None:
        on_survey = set(db.session.execute(select(Contact.email_key).where(
            Contact.survey_id == survey.id, Contact.email_key.is_not(None))).scalars()) - set(exclude)
    result, good, seen, kinds = ContactImport(), [], {}, {}
    for line, row in table:
        if row is None:
            result.errors.append((line, "more cells than there are columns"))
            continue
        reasons = []
        try:
            email = check_email(row.get("email", ""))
        except ValueError as exc:
            reasons.append(str(exc))
            email = None
        if email is not None:
            key = email.casefold()
            if key in seen:
                reasons.append(f"{email} is also on line {seen[key]}")
            elif key in on_survey:
                reasons.append(f"{email} is already a contact of this survey")
            else:
                seen[key] = line
        organisation = " ".join(row.get("organisation", "").split())
        kind = " ".join(row.get("organisation_kind", "").split())
        if not organisation:
            reasons.append("the organisation is missing")
        elif kind:
            first = kinds.setdefault(organisation_key(organisation), (kind, line))
            if first[0].casefold() != kind.casefold():
                reasons.append(f"{organisation} is a {first[0]!r} on line {first[1]} but a {kind!r} here")
        for column in ("name", "organisation", "role"):
            try:
                _plain(row.get(column, ""), column)
            except ValueError as exc:
                reasons.append(str(exc))
        reasons += _too_long(row, organisation, kind)
        if reasons:
            result.errors.append((line, "; ".join(reasons)))
        else:
            good.append((row.get("name", "").strip(), email, organisation, kind, row.get("role", "").strip()))
    return result, good


def find_contact(survey, email):
    """The contact of `survey` with this email (any capitalisation), or None."""
    return db.session.execute(select(Contact).where(Contact.survey_id == survey.id,
                                                    Contact.email_key == email.strip().casefold())).scalar_one_or_none()

