"""stored_questionnaire, questionnaire_draft_revision, questionnaire_version: questionnaires written in the browser

Revision ID: 0004_questionnaire_library
Revises: 0003_newtypes_organisation_list

"""
from alembic import op
import sqlalchemy as sa

import survey_engine.models._types  # noqa: F401 (the engine's own column types)


# revision identifiers, used by Alembic.
revision = '0004_questionnaire_library'
down_revision = '0003_newtypes_organisation_list'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_questionnaire',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=100), nullable=False),
    sa.Column('created_at', survey_engine.models._types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=320), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('questionnaire_id')
    )
    op.create_table('questionnaire_draft_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stored_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('saved_by', sa.String(length=320), nullable=False),
    sa.Column('saved_at', survey_engine.models._types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['stored_id'], ['stored_questionnaire.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_id', 'revision')
    )
    with op.batch_alter_table('questionnaire_draft_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_draft_revision_stored_id'), ['stored_id'], unique=False)

    op.create_table('questionnaire_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stored_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('from_revision', sa.Integer(), nullable=False),
    sa.Column('published_by', sa.String(length=320), nullable=False),
    sa.Column('published_at', survey_engine.models._types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['stored_id'], ['stored_questionnaire.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_id', 'version')
    )
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_version_stored_id'), ['stored_id'], unique=False)



def downgrade():
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_version_stored_id'))

    op.drop_table('questionnaire_version')
    with op.batch_alter_table('questionnaire_draft_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_draft_revision_stored_id'))

    op.drop_table('questionnaire_draft_revision')
    op.drop_table('stored_questionnaire')
