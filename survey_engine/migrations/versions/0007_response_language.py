"""response.language: the language a respondent answered in

Revision ID: 0007_response_language
Revises: 0006_resume_keys

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_response_language'
down_revision = '0006_resume_keys'
branch_labels = None
depends_on = None


# In place, never by batch mode's copy-and-drop of the table: on SQLite, with foreign keys on, dropping the old
# response table would cascade to every answer.
def upgrade():
    op.add_column('response', sa.Column('language', sa.String(length=35), nullable=True))


def downgrade():
    op.drop_column('response', 'language')
