"""Helpers for tests of invitations: contacts files, an invite-only survey, commands, answering through a link."""
import csv

from conftest import Respondent

from survey_engine.surveys import create_survey

SIGNATORY_PAGES = [{"organisation": "Somewhere"}, {"how_found": "online"}, {"used": "no"}, {}]
HEADER = ["name", "email", "organisation", "organisation_kind", "role"]


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def trust_contacts(n_contacts=92, n_orgs=56):
    """92 contacts across 56 Trusts; some Trust names written with other case and spacing."""
    rows = []
    for i in range(n_contacts):
        org = i % n_orgs + 1
        name = f"Trust {org} NHS Foundation Trust"
        if i >= n_orgs and org % 3 == 0:
            name = f"  trust {org}   nhs foundation TRUST "
        rows.append([f"Person {i + 1}", f"person{i + 1}@trust{org}.nhs.example.org", name, "NHS Trust", "Involvement lead"])
    return rows


def make_survey(app, slug="trusts", access="invite", anonymity="anonymous", **fields):
    with app.app_context():
        create_survey("signatory-survey", slug, access=access, status="open", anonymity=anonymity, **fields)
    return slug


def cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result


def answer_through(app, link, pages=SIGNATORY_PAGES, submit=True):
    """A new browser opens `link` and answers; returns (client, respondent)."""
    client = app.test_client()
    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/s/trusts"), opened.status_code
    r = Respondent(client, "trusts")
    if pages:
        r.answer_all(pages)
        if submit:
            assert r.submit().status_code == 302
    return client, r


def invite_and_answer(app, mail, tmp_path, anonymity, answering=(1, 2, 3, 4)):
    slug = make_survey(app, anonymity=anonymity)
    cli(app, "contacts", "import", slug, write_csv(tmp_path / "c.csv", trust_contacts(8, 8)))
    assert "Sent 8 invitations" in cli(app, "invitations", "send", slug).output
    links = {rcpt: mail.inbox.link(m) for rcpt, m in mail.inbox.messages}
    for i in answering:
        answer_through(app, links[f"person{i}@trust{i}.nhs.example.org"],
                       pages=[{"organisation": f"Org {i}"}, {"how_found": "online"}, {"used": "no"}, {}])
    return slug
