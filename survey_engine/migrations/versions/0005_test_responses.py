"""response.is_test: responses made by staff trying a draft survey, never counted

Revision ID: 0005_test_responses
Revises: 0004_questionnaire_library

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_test_responses'
down_revision = '0004_questionnaire_library'
branch_labels = None
depends_on = None


# In place, never by batch mode's copy-and-drop of the table: on SQLite, with foreign keys on, dropping the old
# response table would cascade to every answer.
def upgrade():
    op.add_column('response', sa.Column('is_test', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index('ix_response_test', 'response', ['survey_id'], unique=False,
                    sqlite_where=sa.text('is_test'), postgresql_where=sa.text('is_test'))


def downgrade():
    op.drop_index('ix_response_test', table_name='response')
    op.drop_column('response', 'is_test')
