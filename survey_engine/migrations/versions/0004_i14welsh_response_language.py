"""response.language: the language a respondent answered in

Revision ID: 0004_i14welsh_response_language
Revises: 0004_i14resume_resume_keys

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_i14welsh_response_language'
down_revision = '0004_i14resume_resume_keys'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=35), nullable=True))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('language')
