"""Staff accounts' actions: create, disable, enable, set a password, log in and out; each audited once."""
from .audit import ANONYMOUS, record
from .extensions import db
from .models import StaffUser
from .models._types import utcnow
from .models.staff import ROLES, normalise_email

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1000


class StaffError(ValueError):
    """An account change that cannot be made as asked; `field` names the input at fault, if one is."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class OwnAccount(StaffError):
    """Staff may not disable the account they are acting with: nobody would be left to enable it."""


def password_problem(password):
    """Why `password` cannot be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"a password may have at most {MAX_PASSWORD_LENGTH} characters"
    return None


def find_user(email):
    """The account for `email`, whatever its case; StaffError if there is none."""
    user = StaffUser.by_email(email)
    if user is None:
        raise StaffError(f"no staff account for {normalise_email(email)!r}")
    return user


def new_account_email(email, role):
    """`email` as it would be stored for a new account of `role`; StaffError if it cannot have one."""
    from email_validator import EmailNotValidError, validate_email  # only when an account is made

    try:
        email = normalise_email(validate_email(email, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise StaffError(str(exc), field="email")
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}", field="role")
    if StaffUser.by_email(email) is not None:
        raise StaffError(f"a staff account for {email!r} already exists")
    return email


def create_user(email, role, password, actor):
    """A new active account of `role` (admin or analyst) for `email`."""
    email = new_account_email(email, role)
    problem = password_problem(password)
    if problem:
        raise StaffError(problem, field="password")
    user = StaffUser(email=email, role=role, active=True)
    user.set_password(password)
    db.session.add(user)
    record("user.created", target=email, detail=f"role {role}", actor=actor)
    db.session.commit()
    return user


def set_active(user, active, actor):
    """Enable or disable `user`; a disabled account's sessions end at once. False if it already was so."""
    if not active and getattr(actor, "id", None) == user.id:
        raise OwnAccount("you cannot disable your own account")
    if user.active == active:
        return False
    user.active = active
    if not active:
        user.end_sessions()
    record("user.enabled" if active else "user.disabled", target=user.email, actor=actor)
    db.session.commit()
    return True


def disable_user(user, actor):
    """Stop `user` logging in; their open sessions stop too."""
    return set_active(user, False, actor)


def enable_user(user, actor):
    """Let a disabled account log in again."""
    return set_active(user, True, actor)


def set_password(user, password, actor):
    """Give `user` a new password; their open sessions end."""
    problem = password_problem(password)
    if problem:
        raise StaffError(problem, field="password")
    user.set_password(password)
    record("user.password_set", target=user.email, actor=actor)
    db.session.commit()


def log_in(user):
    """Note that `user` has just logged in (the front end starts the session)."""
    user.last_login_at = utcnow()
    record("login", target=user.email, actor=user)
    db.session.commit()


def login_failed(email):
    """Note a failed login for `email`, which may have no account."""
    record("login.failed", target=normalise_email(email), actor=ANONYMOUS)
    db.session.commit()


def log_out(user):
    """End every session of `user`: the session lives in a signed cookie, so only a new token voids a copy."""
    user.end_sessions()
    record("logout", actor=user)
    db.session.commit()
