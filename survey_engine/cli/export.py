"""`survey-engine export SLUG --output FILE`: a workbook or CSV of a survey's responses and summary."""
import os
import sys

import click
from flask.cli import with_appcontext

from ..export import PUBLICATION_SUFFIX, Export, ExportError, exporters, get_exporter, write_file
from ..summary import BASES, SummaryError
from ..summary.render import filter_words
from .params import SURVEY, filter_options, filters_from_options


def choose_exporter(fmt, output):
    """The exporter --format names, else the one whose extension the output file has, else xlsx."""
    if fmt:
        return get_exporter(fmt)
    ending = os.path.splitext(output)[1].lower()
    for exporter in exporters().values():
        if exporter.extension == ending:
            return exporter
    return get_exporter("xlsx")


def with_suffix(path, suffix):
    """`path` with `suffix` (such as -filtered) before its extension, unless its name says so already."""
    stem, ending = os.path.splitext(path)
    return path if stem.endswith(suffix) else stem + suffix + ending


@click.command("export")
@click.argument("survey", metavar="SLUG", type=SURVEY)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="The file to write, such as trusts.xlsx; replaced only once the export is complete.")
@click.option("--format", "fmt", metavar="xlsx|csv",
              help="The exporter: xlsx (a workbook of every sheet) or csv (the Responses table), or another "
                   "a plugin registers. Default: from the output file's extension, else xlsx.")
@click.option("--base", type=click.Choice(list(BASES)), default=None,
              help="What every percentage is of, as for `summary`. Default: those asked who answered.")
@filter_options
@click.option("--for-publication", is_flag=True,
              help="Only the aggregate sheets (no responses, no free text), small numbers suppressed throughout; "
                   "the file's name gets -for-publication.")
@with_appcontext
def export_command(survey, output, fmt, base, filters, for_publication):
    """Export a survey's submitted responses and summary to an Excel workbook or a CSV file."""
    try:
        exporter = choose_exporter(fmt, output)
        filters = filters_from_options(survey, **filters)
        export = Export(survey, filters=filters, base=base, for_publication=for_publication)
        output = with_suffix(output, PUBLICATION_SUFFIX) if for_publication else output
        total = export.summary["respondents"]
        with click.progressbar(length=total, label=f"Exporting {total:,} responses", file=sys.stderr,
                               show_pos=True) as bar:
            export.progress = bar.update
            write_file(exporter, export, output)
    except (SummaryError, ExportError) as exc:
        raise click.ClickException(str(exc))
    except OSError as exc:
        raise click.ClickException(f"could not write {output}: {exc.strerror or exc}")
    words = filter_words(filters.to_dict())
    click.echo(f"Wrote {total:,} responses to {output} ({exporter.title or exporter.name})"
               + (f", filtered: {'; '.join(words)}." if words else "."))


COMMANDS = (export_command,)
