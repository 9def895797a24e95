"""Plugins that cannot be loaded, or that take another plugin's name, stop start-up with a PluginError."""
import pytest

from survey_engine import create_app
from survey_engine.plugins import PluginError


def install_entry_point(site, name, module, source):
    """A distribution on sys.path whose entry point `name` in the survey_engine group is `module`."""
    (site / module).mkdir(parents=True)
    (site / module / "__init__.py").write_text(source)
    dist = site / f"{module}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[survey_engine]\n{name} = {module}\n")


def test_entry_point_that_fails_to_import_names_itself(instance_path, database_url, tmp_path, monkeypatch):
    install_entry_point(tmp_path / "site", "shaky", "se_shaky_plugin", "import not_a_module_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    with pytest.raises(PluginError, match=r"plugin 'shaky' \(entry point se_shaky_plugin\) failed to load: "
                                          r"No module named 'not_a_module_anywhere'"):
        create_app({"DATABASE_URL": database_url})
    assert create_app({"DATABASE_URL": database_url, "DISABLED_PLUGINS": ["shaky"]})


def test_instance_plugin_with_an_entry_points_name(instance_path, database_url, tmp_path, monkeypatch):
    install_entry_point(tmp_path / "site", "twin", "se_twin_plugin", "")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (instance_path / "plugins").mkdir()
    (instance_path / "plugins" / "twin.py").write_text("")
    with pytest.raises(PluginError, match="two plugins are named 'twin': se_twin_plugin and "
                                          "survey_engine_instance_plugins.twin; rename one"):
        create_app({"DATABASE_URL": database_url})
