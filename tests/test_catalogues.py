"""Compiled catalogues: in the instance folder, or, when it cannot be written, in a temporary folder no other
user of the machine could have planted."""
import os
import stat
import tempfile

import pytest

from survey_engine import catalogues


@pytest.fixture
def shared_tmp(tmp_path, monkeypatch, instance_path):
    """A temporary folder standing in for /tmp, and an instance folder whose translations cannot be written."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    # A file where the compiled catalogues' folder would go: writing under it fails as a read-only folder does.
    (instance_path / "translations").write_text("not a folder")
    return shared


def chosen_folder(app):
    return app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0]


def fixed_name(shared):
    return shared / f"survey-engine-translations-{os.getuid()}"


def assert_private(folder):
    info = os.lstat(folder)
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert os.path.isfile(os.path.join(folder, "cy", "LC_MESSAGES", "messages.mo"))


def test_instance_folder_when_writable(make_app, instance_path):
    app = make_app()
    assert chosen_folder(app) == str(instance_path / "translations")


def test_fallback_is_created_private_and_reused(make_app, shared_tmp):
    first = make_app()
    assert chosen_folder(first) == str(fixed_name(shared_tmp))
    assert_private(chosen_folder(first))
    # Every worker of this user shares it, rather than each leaving a folder of its own behind.
    assert chosen_folder(make_app()) == chosen_folder(first)


def test_a_folder_open_to_others_is_not_used(make_app, shared_tmp):
    planted = fixed_name(shared_tmp)
    planted.mkdir()
    planted.chmod(0o777)
    folder = chosen_folder(make_app())
    assert folder != str(planted) and os.path.dirname(folder) == str(shared_tmp)
    assert_private(folder)
    assert not (planted / "cy").exists()


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a folder to another user")
def test_another_users_folder_is_not_used(make_app, shared_tmp):
    planted = fixed_name(shared_tmp)
    planted.mkdir(mode=0o700)
    os.chown(planted, 12345, 12345)
    folder = chosen_folder(make_app())
    assert folder != str(planted)
    assert_private(folder)


def test_a_link_is_not_followed(make_app, shared_tmp, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    fixed_name(shared_tmp).symlink_to(elsewhere)
    folder = chosen_folder(make_app())
    assert folder != str(fixed_name(shared_tmp))
    assert_private(folder)
    assert not (elsewhere / "cy").exists()


def test_private_folder_refuses_a_file(tmp_path):
    (tmp_path / "taken").write_text("")
    assert catalogues.private_folder(str(tmp_path / "taken")) is None
