"""`survey-engine questionnaires`: list the registered questionnaires, show one, or validate a document file."""
import json

import click
from flask.cli import AppGroup, with_appcontext

from ..documents import read_json
from ..questionnaire import DocumentError, Questionnaire
from ..registry import registry


@click.group("questionnaires", cls=AppGroup, invoke_without_command=True)
@click.pass_context
@with_appcontext
def questionnaires(ctx):
    """List the registered questionnaires, and any questionnaire file left out as invalid (or `show ID` for one,
    `validate FILE` to check a document, `convert FILE` to turn an XLSForm into one)."""
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


@questionnaires.command("validate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def validate(path):
    """Check a questionnaire document (.json, or an XLSForm .xlsx) and list every problem with where it is."""
    try:
        document = read_document(path)
        questionnaire = Questionnaire.from_dict(document, registry().question_types)
    except DocumentError as exc:
        click.echo(f"{path}: {len(exc.problems)} problem{'' if len(exc.problems) == 1 else 's'}")
        for where, message in exc.problems:
            click.echo(f"  {where or '/'}: {message}")
        raise SystemExit(1)
    except ValueError as exc:  # a reader's error: XLSForm problems name their sheet, row and column instead
        problems = getattr(exc, "problems", None) or [str(exc)]
        click.echo(f"{path}: {len(problems)} problem{'' if len(problems) == 1 else 's'}")
        for problem in problems:
            click.echo(f"  {problem}")
        raise SystemExit(1)
    click.echo(f"{path}: valid ({questionnaire.id} v{questionnaire.version}, "
               f"{len(questionnaire.questions)} questions)")


def read_document(path):
    """The document dict in a .json file or an XLSForm .xlsx; DocumentError saying why not."""
    if path.lower().endswith(".xlsx"):
        try:
            from ..xlsform import read_xlsform
        except ImportError:
            raise click.ClickException("reading .xlsx files needs survey_engine.xlsform, which this "
                                       "installation does not have; save the questionnaire as .json instead")
        return read_xlsform(path)
    if not path.lower().endswith(".json"):
        raise click.ClickException(f"{path}: a questionnaire document is a .json or .xlsx file")
    return read_json(path)


@questionnaires.command("convert")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the questionnaire document (JSON).")
def convert(file, output):
    """Turn an XLSForm (.xlsx) into a questionnaire document; list every problem and exit 1 if it has any."""
    from ..xlsform import XLSFormError, read_xlsform

    try:
        document = read_xlsform(file)
    except XLSFormError as error:
        for problem in error.problems:
            click.echo(f"{file}: {problem}", err=True)
        raise SystemExit(1)
    with open(output, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    click.echo(f"wrote {output}: {document['id']} v{document['version']}, {len(document['questions'])} questions "
               f"on {len(document['pages'])} pages")


COMMANDS = (questionnaires,)
