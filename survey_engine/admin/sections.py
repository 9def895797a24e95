"""Pluggable parts of staff pages: any template dropped in a sections folder is included, by file name order."""
from flask import current_app


def section_templates(folder):
    """Templates under templates/admin/<folder>/, sorted by name (prefix them 10_, 20_... to order them)."""
    prefix = f"admin/{folder}/"
    return sorted(current_app.jinja_env.list_templates(filter_func=lambda name: name.startswith(prefix)
                                                       and name.endswith(".html")))


def nav_context():
    """Context for every staff page: the header's links, from admin/nav/*.html."""
    return {"admin_nav": section_templates("nav")}
