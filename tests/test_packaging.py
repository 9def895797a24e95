"""A non-editable install (`pip install .`, a wheel for gunicorn) carries every file the runtime ships."""
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parent.parent
PACKAGES = ("survey_engine", "questionnaires", "plugins")


def tracked_files():
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    result = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("not a git checkout: " + result.stderr.strip())
    return result.stdout.split()


def test_build_carries_every_packaged_file(tmp_path):
    source = tmp_path / "source"
    for name in tracked_files():
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, source / name)
    built = tmp_path / "built"
    # build_py is the step of building a wheel that picks the files, setup.cfg's package_data included.
    result = subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "build_py",
                             "--build-lib", str(built)], cwd=source, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shipped = [name for name in tracked_files() if name.split("/")[0] in PACKAGES and (ROOT / name).is_file()]
    missing = [name for name in shipped if not (built / name).exists()]
    assert shipped and missing == []
