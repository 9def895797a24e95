"""Helpers for tests of plugins: writing one into the instance folder, where the app picks it up."""
import textwrap


def write_instance_plugin(instance_path, name, source):
    """Save `source` as instance/plugins/<name>.py."""
    folder = instance_path / "plugins"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.py").write_text(textwrap.dedent(source))
