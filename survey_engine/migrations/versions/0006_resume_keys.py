"""resume_key: hashed "save and come back later" links and codes

Revision ID: 0006_resume_keys
Revises: 0005_test_responses

"""
from alembic import op
import sqlalchemy as sa

from survey_engine.models._types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0006_resume_keys'
down_revision = '0005_test_responses'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resume_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('digest')
    )
    with op.batch_alter_table('resume_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resume_key_response_id'), ['response_id'], unique=False)


def downgrade():
    with op.batch_alter_table('resume_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resume_key_response_id'))
    op.drop_table('resume_key')
