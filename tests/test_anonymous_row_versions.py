"""On PostgreSQL an anonymous survey's invitations do not pair with its responses through the rows' xmin."""
import pytest
from sqlalchemy import text

from invite_helpers import invite_and_answer

from survey_engine.extensions import db


def test_invitations_that_progressed_share_one_row_version(mail_app, mail, tmp_path):
    app = mail_app
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("xmin is PostgreSQL's; SQLite keeps no transaction id on a row")
    invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1, 2, 3, 4))
    with app.app_context():
        responses = db.session.execute(text("SELECT xmin::text::bigint FROM response")).scalars().all()
        invitations = db.session.execute(text("SELECT xmin::text::bigint FROM invitation "
                                              "WHERE progress <> 'invited'")).scalars().all()
    assert len(responses) == 4 and len(invitations) == 4
    # Each invitation used to be written in the transaction just after its own response's (xmin + 1).
    assert len(set(invitations)) == 1


HEAP_XMAX_LOCK_ONLY = 0x0080  # t_infomask: xmax only locked the row, it wrote no new version


def invitation_versions():
    """Every stored version of every invitation row, dead or alive: (id, progress, xmin, xmax), read from the heap."""
    try:
        with db.session.begin_nested():
            db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
    except Exception as exc:  # no contrib package, or not allowed to create extensions
        pytest.skip(f"PostgreSQL's pageinspect extension is not available here: {exc}")
    pages = db.session.execute(text("SELECT pg_relation_size('invitation') / current_setting('block_size')::int"))
    versions = []
    for page in range(pages.scalar()):
        for xmin, xmax, infomask, attrs in db.session.execute(text(
                "SELECT t_xmin::text::bigint, t_xmax::text::bigint, t_infomask, t_attrs "
                "FROM heap_page_item_attrs(get_raw_page('invitation', :page), 'invitation'::regclass) "
                "WHERE lp_flags = 1"), {"page": page}):
            # id is a 4-byte little-endian integer; progress a short varlena: one header byte, then the text.
            versions.append((int.from_bytes(attrs[0], "little"), bytes(attrs[3][1:]).decode(), xmin,
                             0 if infomask & HEAP_XMAX_LOCK_ONLY else xmax))
    return versions


def test_no_old_row_version_singles_out_the_invitation_that_moved(mail_app, mail, tmp_path):
    app = mail_app
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row versions and pageinspect are PostgreSQL's; SQLite keeps no old versions of a row")
    invite_and_answer(app, mail, tmp_path, "anonymous", answering=(1, 2, 3, 4))
    with app.app_context():
        versions = invitation_versions()
        db.session.rollback()
    # The dead versions are still there to read (nothing has vacuumed them), so the checks below can bite.
    assert sum(1 for *_, xmax in versions if xmax) >= 4 * 3
    # No version was both written and overwritten by one transaction: the moved invitation used to be written
    # once alone and then again with all the others, one transaction after its response.
    assert [v for v in versions if v[2] == v[3]] == []
    progressed = [v for v in versions if v[1] != "invited"]
    for xid in {xmin for _id, _progress, xmin, _xmax in progressed}:
        written = [i for i, _progress, xmin, _xmax in versions if xmin == xid]
        # Each transaction that moved an invitation wrote one version of each invitation that had got past "invited"
        # by then, so its versions look alike whichever of them moved.
        assert len(written) == len(set(written)), f"transaction {xid} wrote one invitation twice"
        assert {i for i, _progress, xmin, _xmax in progressed if xmin <= xid} <= set(written), \
            f"transaction {xid} moved one invitation without rewriting the others"
