"""The Flask extensions the runtime shares, created unbound and attached in create_app."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every model of the engine."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
#: Rate limits; storage from RATELIMIT_STORAGE_URI (memory:// by default, redis://... for several workers).
limiter = Limiter(key_func=get_remote_address)
