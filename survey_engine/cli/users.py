"""`survey-engine users`: create, list, disable and enable staff accounts, and set their passwords."""
import functools
import json
import sys

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup

from ..audit import record
from ..extensions import db
from ..models import StaffUser
from ..models.staff import ROLES, normalise_email
from .database import create_empty_database

MIN_PASSWORD_LENGTH = 12


def check_password(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"a password needs at least {MIN_PASSWORD_LENGTH} characters", param_hint="password")
    if len(password) > 1000:
        raise click.BadParameter("a password may have at most 1000 characters", param_hint="password")
    return password


def read_password(from_stdin):
    """A new password: the first line of standard input, or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline()  # click.get_text_stream is deprecated from Click 8.5
        return check_password(line.rstrip("\r\n"))
    while True:
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")
        try:
            return check_password(password)
        except click.BadParameter as exc:
            click.echo(f"Error: {exc.message}", err=True)


def get_user(email):
    user = StaffUser.by_email(email)
    if user is None:
        raise click.ClickException(f"no staff account for {normalise_email(email)!r}")
    return user


def on_a_database(command):
    """Create a brand-new database before `command` runs: the first admin is made with one command."""
    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        create_empty_database()
        return command(*args, **kwargs)
    return wrapped


password_stdin = click.option("--password-stdin", is_flag=True,
                              help="Read the password from the first line of standard input instead of prompting.")


@click.group("users", cls=AppGroup)
def users():
    """Manage staff accounts: who may log in at /admin, as admin or analyst."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="admin: everything, including users and deleting data; analyst: sees surveys, summaries and "
                   "exports, changes nothing.")
@password_stdin
@on_a_database
def create(email, role, password_stdin):
    """Create a staff account for EMAIL; the password is typed twice at a prompt."""
    try:
        email = normalise_email(validate_email(email, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL")
    if StaffUser.by_email(email) is not None:
        raise click.ClickException(f"a staff account for {email!r} already exists")
    user = StaffUser(email=email, role=role, active=True)
    user.set_password(read_password(password_stdin))
    db.session.add(user)
    db.session.flush()
    record("user.created", target=email, detail=f"role {role}")
    click.echo(f"Created {role} account {email}; they log in at /admin/login.")


@users.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts.")
@on_a_database
def list_users(fmt):
    """List staff accounts with their role, whether active, and their last login."""
    rows = [{"email": u.email, "role": u.role, "active": u.active,
             "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None}
            for u in db.session.execute(db.select(StaffUser).order_by(StaffUser.email)).scalars()]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No staff accounts yet: create one with `survey-engine users create EMAIL --role admin`.")
    for r in rows:
        click.echo(f"{r['email']}\t{r['role']}\t{'active' if r['active'] else 'disabled'}\t"
                   f"last login {r['last_login_at'] or 'never'}")


@users.command("disable")
@click.argument("email")
@on_a_database
def disable(email):
    """Disable EMAIL's account: it cannot log in, and its open sessions stop at once."""
    user = get_user(email)
    user.active = False
    user.end_sessions()
    record("user.disabled", target=user.email)
    click.echo(f"Disabled {user.email}; any session they had has ended.")


@users.command("enable")
@click.argument("email")
@on_a_database
def enable(email):
    """Let a disabled account log in again."""
    user = get_user(email)
    user.active = True
    record("user.enabled", target=user.email)
    click.echo(f"Enabled {user.email}.")


@users.command("set-password")
@click.argument("email")
@password_stdin
@on_a_database
def set_password(email, password_stdin):
    """Set EMAIL's password (typed twice at a prompt); their open sessions end."""
    user = get_user(email)
    user.set_password(read_password(password_stdin))
    record("user.password_set", target=user.email)
    click.echo(f"Set a new password for {user.email}; any session they had has ended.")


COMMANDS = (users,)
