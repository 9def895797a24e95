"""Moving an invitation's progress on, one writer per survey, so that no row version says which one moved."""
from sqlalchemy import and_, case, or_, select, update

from ..extensions import db
from ..models import Invitation, Survey
from ..models.invitation import PROGRESS


def lock_survey(survey):
    """Make this transaction the only one writing `survey`'s invitations until it ends; later reads see the latest."""
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: its first write takes the one writer's lock, held until commit.
        db.session.execute(update(Survey).where(Survey.id == survey.id).values(id=Survey.id))
    else:
        db.session.execute(select(Survey.id).where(Survey.id == survey.id).with_for_update())


def fresh(model, id):
    """The row as committed now (read after lock_survey), or None if it has gone."""
    return db.session.execute(select(model).where(model.id == id).execution_options(populate_existing=True)) \
        .scalar_one_or_none()


def move(survey, invitation, step):
    """Move `invitation` on to `step` (never back), in the caller's transaction.

    On an anonymous survey ONE statement rewrites every invitation past "invited", the new progress worked out in
    SQL, so each gets one new row version from the same transaction whichever of them moved. (Writing the moved one
    first left, on PostgreSQL, a version written and overwritten by one transaction, one after its response's.)
    """
    if survey.anonymity != "anonymous":
        invitation.advance(step)
        db.session.flush()
        return
    behind = PROGRESS[:PROGRESS.index(step)]
    moved = and_(Invitation.id == invitation.id, Invitation.progress.in_(behind))
    db.session.execute(update(Invitation)
                       .where(Invitation.survey_id == survey.id,
                              or_(Invitation.progress != "invited", Invitation.id == invitation.id))
                       .values(progress=case((moved, step), else_=Invitation.progress))
                       .execution_options(synchronize_session=False))
    db.session.expire(invitation)
