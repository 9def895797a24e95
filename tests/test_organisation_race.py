"""Two respondents naming the same new organisation at the same moment both get it, on PostgreSQL."""
import threading

import pytest
from conftest import TEST_DATABASE_URL, wait_until_blocked

from survey_engine.extensions import db
from survey_engine.models import Organisation

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="the race needs PostgreSQL's concurrent writers")


def test_second_writer_of_a_new_organisation_uses_the_first_ones(app):
    outcome = {}

    def second_respondent():
        with app.app_context():
            try:
                outcome["id"] = Organisation.get_or_create("  new trust ", "NHS Trust").id
                db.session.commit()
            except Exception as exc:  # the failure this test is about
                outcome["error"] = exc
            finally:
                db.session.remove()

    with app.app_context():
        first = Organisation.get_or_create("New Trust", "NHS Trust")  # inserted, not yet committed
        thread = threading.Thread(target=second_respondent)
        thread.start()
        # Wait until the second insert is blocked on the first one's uncommitted key, then commit the first.
        wait_until_blocked(thread, "INSERT INTO organisation")
        db.session.commit()
        thread.join(timeout=30)
        assert outcome == {"id": first.id}
        assert db.session.execute(db.select(db.func.count()).select_from(Organisation)).scalar() == 1
