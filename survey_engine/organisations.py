"""The managed list of organisations: imported from a file of names, kinds and aliases, offered by questions."""
from sqlalchemy import select, update

from . import audit
from .extensions import db
from .importing import ImportFileError, read_table
from .models import Contact, Organisation, OrganisationAlias, Response
from .models.organisation import clean_name, name_fits, organisation_key

#: Separates the aliases in one cell: "LYPFT; Leeds and York".
ALIAS_SEPARATOR = ";"


class OrganisationListError(ValueError):
    """A list that cannot be imported as written; nothing was changed."""


def read_list(path):
    """[(line, name, kind, [aliases])] from a CSV or XLSX file with a name column, and kind and aliases if wanted."""
    try:
        header, table = read_table(path)
    except ImportFileError as exc:
        raise OrganisationListError(str(exc)) from exc
    if "name" not in header:
        raise OrganisationListError(f"the file needs a 'name' column (its columns are: {', '.join(header)})")
    entries, problems, seen = [], [], {}
    for line, row in table:
        if row is None:
            problems.append(f"line {line}: more cells than columns")
            continue
        name = clean_name(row.get("name", ""))
        aliases = [clean_name(a) for a in row.get("aliases", "").split(ALIAS_SEPARATOR) if clean_name(a)]
        if not name:
            problems.append(f"line {line}: the name is blank")
            continue
        for each in [name] + aliases:
            if not name_fits(each):
                problems.append(f"line {line}: {each[:40]!r}... is too long for an organisation's name")
            earlier = seen.setdefault(organisation_key(each), line)
            if earlier != line:
                problems.append(f"line {line}: {each!r} is already a name or alias on line {earlier}")
        entries.append((line, name, clean_name(row.get("kind", "")), aliases))
    if problems:
        raise OrganisationListError("nothing was imported:\n" + "\n".join(problems))
    return entries


def import_organisations(path, actor=None):
    """Put every organisation of the file on the managed list, with its kind and aliases; returns their count.

    An organisation already known by a name or alias (typed by a respondent, or in a contact list) becomes the
    listed one, and any others the list says are the same are merged into it: their responses and contacts
    move, so "people from N organisations" counts each organisation once.
    """
    entries = read_list(path)
    # Keys as matching now makes them: organisations stored before it ignored look-alikes and invisible characters.
    known = {}
    for org in db.session.execute(select(Organisation)).scalars():
        known.setdefault(organisation_key(org.name), []).append(org)
    aliases = {alias.key: alias for alias in db.session.execute(select(OrganisationAlias)).scalars()}
    merged = 0
    for line, name, kind, alias_names in entries:
        keys = [organisation_key(n) for n in [name] + alias_names]
        same = [org for key in keys for org in known.get(key, [])]
        same += [db.session.get(Organisation, aliases[key].organisation_id) for key in keys if key in aliases]
        org = same[0] if same else Organisation(name=name, key=keys[0])
        db.session.add(org)
        db.session.flush()
        for other in {o.id: o for o in same[1:] if o.id != org.id}.values():
            _merge(other, org)
            merged += 1
        org.name, org.key, org.listed = name, keys[0], True
        org.kind = kind or org.kind or ""
        for alias_name, key in zip(alias_names, keys[1:]):
            alias = aliases.get(key)
            if alias is None:
                alias = aliases[key] = OrganisationAlias(key=key, name=alias_name, organisation_id=org.id)
                db.session.add(alias)
            alias.organisation_id, alias.name = org.id, alias_name
        db.session.flush()
    audit.record("organisations.imported", target=f"{len(entries)} organisations",
                 detail=f"merged {merged}" if merged else "", actor=actor)
    db.session.commit()
    return len(entries)


def _merge(old, into):
    """Move `old`'s responses, contacts and aliases to `into`, and delete `old`."""
    for model in (Response, Contact):
        db.session.execute(update(model).where(model.organisation_id == old.id).values(organisation_id=into.id))
    db.session.execute(update(OrganisationAlias).where(OrganisationAlias.organisation_id == old.id)
                       .values(organisation_id=into.id))
    db.session.delete(old)
    db.session.flush()


def listed_organisations():
    """[(name, kind, [aliases])] of the managed list, by name."""
    orgs = db.session.execute(select(Organisation).where(Organisation.listed).order_by(Organisation.key)).scalars()
    aliases = {}
    for alias in db.session.execute(select(OrganisationAlias).order_by(OrganisationAlias.key)).scalars():
        aliases.setdefault(alias.organisation_id, []).append(alias.name)
    return [(org.name, org.kind, aliases.get(org.id, [])) for org in orgs]
