"""Helpers for tests of plugins: writing one into the instance folder, where the app picks it up."""
import textwrap


def write_instance_plugin(instance_path, name, source):
    """Save `source` as instance/plugins/<name>.py."""
    folder = instance_path / "plugins"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.py").write_text(textwrap.dedent(source))


#: An instance plugin adding a `hello NAME` command that answers from inside the app.
HELLO_COMMAND_PLUGIN = '''
        import click
        from survey_engine import hookimpl

        @hookimpl
        def register_commands(cli):
            @cli.command("hello")
            @click.argument("name")
            def hello(name):
                """Say hello to NAME, from the app."""
                from flask import current_app
                click.echo(f"Hello {name} from {current_app.name}")
    '''
