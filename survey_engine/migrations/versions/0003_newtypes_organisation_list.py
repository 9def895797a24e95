"""organisation.listed and organisation_alias: a managed list of organisations, with aliases such as "LYPFT"

Revision ID: 0003_newtypes_organisation_list
Revises: 0002_session_start_key

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_newtypes_organisation_list'
down_revision = '0002_session_start_key'
branch_labels = None
depends_on = None


# The column is added and dropped in place, never by batch mode's copy-and-drop of the table: on SQLite, with foreign
# keys on, dropping the old organisation table set every response's and contact's organisation to NULL.
def upgrade():
    op.add_column('organisation', sa.Column('listed', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('organisation_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('organisation_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_alias_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('organisation_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_alias_organisation_id'))
    op.drop_table('organisation_alias')
    op.drop_column('organisation', 'listed')
