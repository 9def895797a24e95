"""`survey-engine questionnaires`: list the registered questionnaires, or show one."""
import json

import click
from flask.cli import AppGroup, with_appcontext

from ..registry import registry


@click.group("questionnaires", cls=AppGroup, invoke_without_command=True)
@click.pass_context
@with_appcontext
def questionnaires(ctx):
    """List the registered questionnaires, and any questionnaire file left out as invalid (or `show ID` for one)."""
    if ctx.invoked_subcommand is None:
        reg = registry()
        for q in reg.latest():
            click.echo(f"{q.id}\tv{q.version}\t{len(q.questions)} questions\t{q.title}")
        for broken in getattr(reg, "broken_sources", ()):
            click.echo(f"{broken.source}\tinvalid, left out\t{len(broken.problems)} "
                       f"problem{'' if len(broken.problems) == 1 else 's'}")
            for problem in broken.problems:
                click.echo(f"  - {problem}")


@questionnaires.command("show")
@click.argument("questionnaire_id")
@click.option("--version", type=int, help="A version other than the newest.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(questionnaire_id, version, fmt):
    """Print one questionnaire: its pages, questions, options, conditions and headlines."""
    reg = registry()
    try:
        q = reg.questionnaire(questionnaire_id, version)
    except KeyError:
        raise click.ClickException(f"no questionnaire {questionnaire_id!r}"
                                   + (f" at version {version}" if version else "")
                                   + f"; known: {', '.join(sorted(reg.questionnaires))}")
    data = q.to_dict(reg.question_types)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    click.echo(f"{q.title} ({q.id} v{q.version})")
    for page in q.pages:
        click.echo(f"\n{page.title}")
        for question in page.questions:
            info = data["questions"][[x["key"] for x in data["questions"]].index(question.key)]
            click.echo(f"  {question.key} [{question.type}{'' if question.required else ', optional'}] "
                       f"{question.text}")
            for option in info["options"]:
                click.echo(f"      {option['value']}: {option['label']}")
            if info["condition"]:
                click.echo(f"      asked if {json.dumps(info['condition'])}")


COMMANDS = (questionnaires,)
