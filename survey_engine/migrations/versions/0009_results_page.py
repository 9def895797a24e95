"""results_page: a survey's public results page and its "What we did" text (issue 15)

Revision ID: 0009_results_page
Revises: 0008_site_and_survey_settings

"""
from alembic import op
import sqlalchemy as sa

from survey_engine.models._types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0009_results_page'
down_revision = '0008_site_and_survey_settings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('results_page',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('published_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('what_we_did', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('survey_id')
    )


def downgrade():
    op.drop_table('results_page')
