"""Pluggable parts of staff pages: templates dropped in a sections folder, and sections plugins add through hooks."""
from dataclasses import dataclass, field

from flask import current_app

from ..registry import registry


@dataclass(frozen=True)
class Section:
    """One part of a survey's staff page: a template, the values it needs (as `section.context`), and its place.

    Sections are shown in `order` order, compared as text with the core's file names (20_summary, 50_export...).
    """

    template: str
    context: dict = field(default_factory=dict)
    order: str = "50"


def section_templates(folder):
    """Templates under templates/admin/<folder>/, sorted by name (prefix them 10_, 20_... to order them)."""
    prefix = f"admin/{folder}/"
    return sorted(current_app.jinja_env.list_templates(filter_func=lambda name: name.startswith(prefix)
                                                       and name.endswith(".html")))


def survey_sections(survey):
    """Every section of `survey`'s staff page: the core's templates/admin/survey/ files and what plugins add."""
    sections = [Section(name, order=name.rsplit("/", 1)[-1]) for name in section_templates("survey")]
    for added in registry().call("survey_page_sections", survey=survey):
        sections.extend(added or ())
    return sorted(sections, key=lambda s: s.order)


def nav_context():
    """Context for every staff page: the header's links, from admin/nav/*.html."""
    return {"admin_nav": section_templates("nav")}
