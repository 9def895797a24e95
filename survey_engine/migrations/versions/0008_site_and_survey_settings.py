"""site_settings, each survey's own privacy notice, support message, next steps and listing, response.reference

Existing surveys stay listed on the home page (they were before); new ones are not until staff choose. Every
existing response gets a random reference, as new ones do.

Revision ID: 0008_site_and_survey_settings
Revises: 0007_response_language

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_site_and_survey_settings'
down_revision = '0007_response_language'
branch_labels = None
depends_on = None

# Copied rather than imported: a migration must keep working whatever the models become.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def upgrade():
    op.create_table('site_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=20), nullable=False),
    sa.Column('logo_alt', sa.String(length=300), nullable=False),
    sa.Column('privacy_contact', sa.Text(), nullable=False),
    sa.Column('support_message', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    # Columns added in place, never by batch mode's copy-and-drop of a table: on SQLite, with foreign keys on,
    # dropping the old survey or response table would cascade to every response and answer.
    op.add_column('survey', sa.Column('listed', sa.Boolean(), server_default=sa.false(), nullable=False))
    for name in ('privacy_notice', 'privacy_contact', 'support_message', 'next_steps'):
        op.add_column('survey', sa.Column(name, sa.Text(), server_default='', nullable=False))
    op.execute(sa.text("UPDATE survey SET listed = :yes").bindparams(yes=True))
    op.add_column('response', sa.Column('reference', sa.String(length=12), nullable=True))
    connection = op.get_bind()
    response = sa.table('response', sa.column('id', sa.Integer), sa.column('reference', sa.String))
    ids = connection.execute(sa.select(response.c.id)).scalars().all()
    references = set()
    while len(references) < len(ids):
        references.add("".join(secrets.choice(ALPHABET) for _ in range(12)))
    for response_id, reference in zip(ids, references):
        connection.execute(response.update().where(response.c.id == response_id).values(reference=reference))
    op.create_index('ix_response_reference', 'response', ['reference'], unique=True)


def downgrade():
    # In place, as upgrade() is (batch mode would drop and copy tables, cascading on SQLite).
    op.drop_index('ix_response_reference', table_name='response')
    op.drop_column('response', 'reference')
    for name in ('next_steps', 'support_message', 'privacy_contact', 'privacy_notice', 'listed'):
        op.drop_column('survey', name)
    op.drop_table('site_settings')
