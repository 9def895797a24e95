"""`survey-engine users`: create, list, disable and enable staff accounts, and set their passwords."""
import functools
import json
import sys

import click
from flask.cli import AppGroup

from ..audit import COMMAND_LINE
from ..extensions import db
from ..models import StaffUser
from ..models.staff import ROLES
from ..staff import (StaffError, create_user, disable_user, enable_user, find_user, new_account_email,
                     password_problem, set_password as set_user_password)
from .database import create_empty_database


def check_password(password):
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="password")
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


def failure(exc):
    """The click error for a StaffError: a bad EMAIL is a usage error, anything else a plain one."""
    if exc.field == "email":
        return click.BadParameter(str(exc), param_hint="EMAIL")
    return click.ClickException(str(exc))


def get_user(email):
    try:
        return find_user(email)
    except StaffError as exc:
        raise failure(exc)


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
        email = new_account_email(email, role)  # before the prompt: nobody types a password for nothing
        create_user(email, role, read_password(password_stdin), actor=COMMAND_LINE)
    except StaffError as exc:
        raise failure(exc)
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
    disable_user(user, actor=COMMAND_LINE)
    click.echo(f"Disabled {user.email}; any session they had has ended.")


@users.command("enable")
@click.argument("email")
@on_a_database
def enable(email):
    """Let a disabled account log in again."""
    user = get_user(email)
    enable_user(user, actor=COMMAND_LINE)
    click.echo(f"Enabled {user.email}.")


@users.command("set-password")
@click.argument("email")
@password_stdin
@on_a_database
def set_password(email, password_stdin):
    """Set EMAIL's password (typed twice at a prompt); their open sessions end."""
    user = get_user(email)
    try:
        set_user_password(user, read_password(password_stdin), actor=COMMAND_LINE)
    except StaffError as exc:
        raise failure(exc)
    click.echo(f"Set a new password for {user.email}; any session they had has ended.")


COMMANDS = (users,)
