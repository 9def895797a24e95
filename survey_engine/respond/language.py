"""Which language a respondent's page is in: one its survey's questionnaire and the engine's catalogues both have,
chosen by ?lang=, kept for the browser session, else the browser's Accept-Language; and the links to the others."""
import functools

from babel import Locale
from flask import current_app, g, has_request_context, request, session, url_for
from flask_babel import get_locale

from .. import catalogues
from ..registry import registry
from . import bp
from .lookup import survey_at

#: Where the session keeps the language the respondent chose.
SESSION_KEY = "language"


def own_language():
    """The language questionnaires are written in and the engine's words are: BABEL_DEFAULT_LOCALE's ("en")."""
    return _language_of(current_app.config["BABEL_DEFAULT_LOCALE"])


@functools.lru_cache(maxsize=16)
def _language_of(locale):
    return Locale.parse(locale).language


def survey_languages(questionnaire):
    """The languages a survey of `questionnaire` is offered in: its own, then each it has a translation into for
    which the engine has a catalogue too (so no page mixes two languages)."""
    own = own_language()
    engine = set(catalogues.served(current_app))
    return [own] + [code for code in sorted(questionnaire.translations) if code in engine and code != own]


def offered():
    """The languages this page is offered in: those of the survey at /s/<slug>..., or none on any other page."""
    if "respondent_languages" not in g:
        g.respondent_languages = _offered()
    return g.respondent_languages


def _offered():
    slug = (request.view_args or {}).get("slug")
    if not slug or not request.path.startswith(bp.url_prefix + "/"):
        return []
    survey = survey_at(slug)
    if survey is None or not registry().asks(survey):
        return []
    return survey_languages(registry().questionnaire(survey.questionnaire_id, survey.questionnaire_version))


def chosen():
    """The language of this page: ?lang=, else the session's choice, else Accept-Language's best, else the own."""
    languages = offered()
    if not languages:
        return own_language()
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    kept = session.get(SESSION_KEY)
    if kept in languages:
        return kept
    return request.accept_languages.best_match(languages, default=languages[0])


def select_locale():
    """Flask-Babel's locale selector: None (BABEL_DEFAULT_LOCALE) on staff pages, in the own language and outside
    a request (commands, emails)."""
    if not has_request_context():
        return None
    language = chosen()
    return None if language == own_language() else language


def current_language():
    """The language code of the page being answered ("en", "cy"), as a response records it."""
    locale = get_locale()
    return locale.language if locale is not None else own_language()


@bp.before_app_request
def keep_choice():
    """?lang= is the respondent's choice for the rest of the browser session, on every page it offers."""
    asked = request.args.get("lang")
    if asked and asked in offered() and session.get(SESSION_KEY) != asked:
        session[SESSION_KEY] = asked


@bp.after_app_request
def vary_by_language(response):
    """A page offered in several languages differs by the browser's Accept-Language: caches must know."""
    if len(g.get("respondent_languages") or ()) > 1:
        response.vary.add("Accept-Language")
    return response


@bp.app_context_processor
def language_context():
    """`page_language` for <html lang> on every page; `language_links` on a respondent page offering several."""
    locale = get_locale()
    links = []
    languages = offered() if has_request_context() else []
    if len(languages) > 1 and request.endpoint:
        current = current_language()
        # The page's own query string, less what url_for would read as the route's values or its own options
        # (?slug=, ?_external=...): those would clash with the route or rewrite the link, not carry over.
        view_args = request.view_args or {}
        args = {key: value for key, value in request.args.items()
                if key != "lang" and key not in view_args and not key.startswith("_")}
        for code in languages:
            links.append({"code": code, "name": Locale.parse(code).get_display_name(code).capitalize(),
                          "current": code == current,
                          "url": url_for(request.endpoint, **(request.view_args or {}), **args, lang=code)})
    return {"page_language": str(locale).replace("_", "-") if locale is not None else "en-GB",
            "language_links": links}
