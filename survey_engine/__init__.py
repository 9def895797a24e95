"""survey-engine: a Flask survey and evaluation engine whose questionnaires are plugins.

This is the package's face, for wsgi.py, plugins and tests; no module inside the package imports it.
"""
from .factory import create_app
from .hookspecs import hookimpl
from .version import __version__

__all__ = ["create_app", "hookimpl", "__version__"]
