"""The staff page comparing survey waves: each figure in each wave, the change, and whether chance explains it."""
from flask import render_template, request
from flask_babel import gettext as _

from ..extensions import db
from ..models import Organisation, Survey
from ..summary import SummaryError
from ..summary.compare import compare
from ..summary.filters import FilterError, make_filters
from . import bp
from .access import staff_required


@bp.route("/compare")
@staff_required
def compare_page():
    """Choose two or more surveys (?surveys=a&surveys=b, oldest first as listed), optionally by organisation kind."""
    surveys = list(db.session.execute(db.select(Survey).order_by(Survey.created_at, Survey.id)).scalars())
    wanted = request.args.getlist("surveys")
    chosen = [s for s in surveys if s.slug in wanted]
    by_kind = request.args.get("by") == "kind"
    kinds = sorted(k for k in db.session.execute(db.select(Organisation.kind).distinct()).scalars() if k)
    fields = {"organisation_kind": request.args.get("organisation_kind") or None,
              "since": request.args.get("since") or None, "until": request.args.get("until") or None,
              "version": request.args.get("version") or None,
              "answers": [request.args["answer"]] if request.args.get("answer") else []}
    problems, result = [], None
    # A link may tick one survey ahead (from its page); only the Compare button asks for a comparison of one.
    if wanted and (len(chosen) >= 2 or request.args.get("compare")):
        if len(chosen) < 2:
            problems.append(_("Choose at least two surveys to compare"))
        else:
            try:
                filters = [make_filters(s, **fields) for s in chosen]
                result = compare(chosen, filters, by_kind=by_kind)
            except FilterError as exc:
                problems += [p.message for p in exc.problems]
            except SummaryError as exc:
                problems.append(str(exc))
    return render_template("admin/compare.html", surveys=surveys, chosen=[s.slug for s in chosen],
                           by_kind=by_kind, kinds=kinds, fields=fields, problems=problems, result=result)
