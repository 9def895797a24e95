"""response.is_test: responses made by staff trying a draft survey, never counted

Revision ID: 0004_i13trial_test_responses
Revises: 0004_i13store_library

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_i13trial_test_responses'
down_revision = '0004_i13store_library'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_test', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_response_test', ['survey_id'], unique=False,
                              sqlite_where=sa.text('is_test'), postgresql_where=sa.text('is_test'))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_test', sqlite_where=sa.text('is_test'), postgresql_where=sa.text('is_test'))
        batch_op.drop_column('is_test')
