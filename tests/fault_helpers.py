"""Faults of the machine, made real for a test: a folder the engine cannot write, even when the tests run as root."""
import ctypes
import os
import stat
from contextlib import contextmanager

#: Linux capabilities that let root ignore file modes: CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER.
OVERRIDES = (1 << 1) | (1 << 2) | (1 << 3)
_VERSION_3 = 0x20080522


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _capabilities(change=None):
    """This thread's capability sets (capget), after `change` is applied to them with capset if given."""
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _Header(_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    if change is not None:
        change(data)
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset failed")
    return data


@contextmanager
def modes_enforced():
    """File modes apply to this thread even as root: its overriding capabilities are set aside, then restored."""
    if os.geteuid() != 0:
        yield
        return
    saved = _capabilities()[0].effective

    def drop(data):
        data[0].effective &= ~OVERRIDES

    _capabilities(drop)
    try:
        yield
    finally:
        def restore(data):
            data[0].effective = saved
        _capabilities(restore)


@contextmanager
def read_only(folder):
    """`folder` and every file in it read-only (chmod), and the modes enforced, for the length of the block."""
    modes = {}
    for root, dirs, files in os.walk(folder):
        for name in [root] + [os.path.join(root, f) for f in files]:
            modes[name] = stat.S_IMODE(os.stat(name).st_mode)
            os.chmod(name, modes[name] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        with modes_enforced():
            probe = os.path.join(folder, ".probe")
            try:
                open(probe, "w").close()
            except PermissionError:
                pass
            else:  # pragma: no cover - a file system that ignores modes would make the test prove nothing
                os.unlink(probe)
                raise AssertionError(f"{folder} is still writable after chmod")
            yield
    finally:
        for name, mode in modes.items():
            os.chmod(name, mode)
