"""A plugin adds its own pages and a section of each survey's staff page through hooks, as invitations does."""
from conftest import csrf_token
from plugin_helpers import write_instance_plugin

NOTES_PLUGIN = '''
import os

from flask import render_template_string

from survey_engine import hookimpl
from survey_engine.admin.public import Section, admin_required, staff_blueprint, survey_or_404

bp = staff_blueprint("notes", __name__, template_folder=os.path.join(os.path.dirname(__file__), "notes_templates"))


@bp.route("/surveys/<slug>/notes")
@admin_required
def notes(slug):
    return render_template_string("Notes on {{ survey.slug }}", survey=survey_or_404(slug))


@hookimpl
def register_blueprints(app):
    return [bp]


@hookimpl
def survey_page_sections(survey):
    return [Section("notes/section.html", {"note": "<b>typed</b> for " + survey.slug}, order="30_notes")]
'''


def notes_plugin(instance_path):
    write_instance_plugin(instance_path, "notes", NOTES_PLUGIN)
    folder = instance_path / "plugins" / "notes_templates" / "notes"
    folder.mkdir(parents=True)
    (folder / "section.html").write_text(
        '<section id="notes">NOTES: {{ section.context.note }} '
        '<a href="{{ url_for(\'notes.notes\', slug=survey.slug) }}">more</a></section>')


def test_a_plugin_adds_a_staff_page_and_a_section_in_its_place(make_app, instance_path, make_staff):
    from conftest import logged_in_client

    from survey_engine.surveys import create_survey
    notes_plugin(instance_path)
    app = make_app()
    with app.app_context():
        create_survey("signatory-survey", "sig", access="invite", status="open")
    anonymous = app.test_client()
    assert anonymous.get("/admin/surveys/sig/notes").headers["Location"].startswith("/admin/login")
    analyst = logged_in_client(app, make_staff, "analyst@example.org", "analyst")
    assert analyst.get("/admin/surveys/sig/notes").status_code == 403
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    page = admin.get("/admin/surveys/sig/notes")
    assert page.status_code == 200 and page.get_data(as_text=True) == "Notes on sig"
    html = admin.get("/admin/surveys/sig").get_data(as_text=True)
    assert "NOTES: &lt;b&gt;typed&lt;/b&gt; for sig" in html and 'href="/admin/surveys/sig/notes"' in html
    # 20_summary, then the plugin's 30_notes, then invitations' 40, the core's 45_privacy and 50_export.
    order = [html.index(marker) for marker in ('id="summary-heading"', 'id="notes"', 'id="invitations"',
                                                'id="privacy"', 'id="export"')]
    assert order == sorted(order)


def test_without_the_invitations_plugin_its_pages_section_and_commands_are_gone(make_app, make_staff):
    from conftest import logged_in_client

    from survey_engine.surveys import create_survey
    app = make_app(DISABLED_PLUGINS=["survey_engine.invitations.plugin"])
    with app.app_context():
        create_survey("signatory-survey", "sig", access="invite", status="open")
    admin = logged_in_client(app, make_staff, "admin@example.org", "admin")
    html = admin.get("/admin/surveys/sig").get_data(as_text=True)
    # Respondents' data belongs to every survey: it stays when invitations go.
    assert 'id="invitations"' not in html and 'id="privacy"' in html and "Delete one response" in html
    token = csrf_token(html)
    assert admin.post("/admin/surveys/sig/contacts", data={"csrf_token": token}).status_code == 404
    assert admin.get("/admin/surveys/sig/invitations/message").status_code == 404
    assert app.test_client().get("/s/sig/" + "a" * 43).status_code == 404
    # The engine's own commands are named on app.cli and imported when asked for: list them as click does.
    assert {"contacts", "invitations"} & set(app.cli.list_commands(None)) == set()
    assert {"surveys", "responses", "retention"} <= set(app.cli.list_commands(None))
    enabled = make_app()
    assert {"contacts", "invitations"} <= set(enabled.cli.list_commands(None))
