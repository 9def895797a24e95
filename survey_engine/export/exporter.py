"""What an exporter plugin registers, and writing an export to a file without ever leaving half of one."""
import os
import tempfile
from dataclasses import dataclass
from typing import Callable

from ..registry import registry


_UMASK = os.umask(0)
os.umask(_UMASK)


class ExportError(ValueError):
    """An export that cannot be written as asked, such as more rows than a sheet holds."""


@dataclass(frozen=True)
class Exporter:
    """A download format that a plugin registers with register_exporters."""

    #: The name --format and the download link use, such as "xlsx".
    name: str
    #: The file name's ending, with its dot: ".xlsx".
    extension: str
    #: The media type a download is sent with.
    media_type: str
    #: write(export, out): writes an Export to the binary file object `out`; raises ExportError if it cannot.
    write: Callable
    #: A few words for people choosing a format, such as "Excel workbook".
    title: str = ""


def exporters():
    """{name: Exporter} of every registered exporter."""
    return registry().exporters


def get_exporter(name):
    """The exporter called `name`; ExportError naming the known ones if there is none."""
    found = exporters().get(name)
    if found is None:
        raise ExportError(f"no exporter {name!r}; known: {', '.join(exporters()) or 'none'}")
    return found


def write_file(exporter, export, path):
    """Write `export` to `path` through a temporary file beside it, so a failed export leaves no file behind."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=exporter.extension, dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            exporter.write(export, out)
        os.chmod(temporary, 0o666 & ~_UMASK)  # as an ordinary new file would be, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
