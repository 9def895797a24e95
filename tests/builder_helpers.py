"""Helpers for the draft editor's tests: a questionnaire stored from blank, and forms filled as a browser does."""
import re

from survey_engine.testing import csrf_token

REVISION = re.compile(r'name="revision" type="hidden" value="(\d+)"')


def store_blank(app, qid="volunteers", title="Volunteer feedback"):
    """A questionnaire with nothing in it yet, stored in the library; its draft's URL."""
    from survey_engine.audit import COMMAND_LINE
    from survey_engine.library.actions import blank_document, create_questionnaire

    with app.app_context():
        create_questionnaire(blank_document(qid, title), COMMAND_LINE, how="from blank")
    return f"/admin/questionnaires/{qid}/draft"


def store_document(app, document):
    """A copy of `document` stored in the library as a draft; its draft's URL."""
    from survey_engine.audit import COMMAND_LINE
    from survey_engine.library.actions import create_questionnaire

    with app.app_context():
        create_questionnaire(document, COMMAND_LINE, how="for a test")
    return f"/admin/questionnaires/{document['id']}/draft"


def draft_document(app, qid="volunteers"):
    from survey_engine.library.actions import get_draft

    with app.app_context():
        draft = get_draft(qid)
        return draft.document, draft.revision


def submit(client, page_url, data, action_url=None, revision=None):
    """GET `page_url`, then POST `data` with its CSRF token and the revision it showed (or `revision`)."""
    html = client.get(page_url).get_data(as_text=True)
    shown = REVISION.search(html)
    fields = {"csrf_token": csrf_token(html), "revision": str(revision) if revision is not None else
              (shown.group(1) if shown else "")}
    return client.post(action_url or page_url, data={**fields, **data})


def follow(client, response, data):
    """POST `data` to the page a redirect leads to, as the next step of a flow."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return submit(client, response.headers["Location"], data)


def add_page(client, draft_url, title, type_name, question, introduction=""):
    """Add a page and its first question through the three pages a browser goes through; the last response."""
    response = submit(client, f"{draft_url}/pages/new", {"title": title, "introduction": introduction})
    response = follow(client, response, {"type": type_name})
    return follow(client, response, question)


def add_question(client, draft_url, page_number, type_name, question):
    response = submit(client, f"{draft_url}/pages/{page_number}/questions/new", {"type": type_name})
    return follow(client, response, question)
