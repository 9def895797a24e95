"""response.start_key: one response per start form, however often it is sent

Revision ID: 0002_session_start_key
Revises: 0001

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_session_start_key'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_key', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_response_start_key'), ['start_key'], unique=True)


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_start_key'))
        batch_op.drop_column('start_key')
