"""Each percentage of a summary given its 95% interval, and each headline of a small base its sentence."""
from .intervals import describe_uncertainty, wilson_interval


def interval_fields(count, base):
    """{"ci_low", "ci_high"} for count of base: percent to one decimal, both None when there is no base."""
    if not isinstance(count, int) or not isinstance(base, int) or not base or count > base:
        # No base, or a figure hidden by suppression: an interval would give the hidden count away.
        return {"ci_low": None, "ci_high": None}
    low, high = wilson_interval(count, base)
    return {"ci_low": low, "ci_high": high}


def add_intervals(summary):
    """`summary` (as summarise gives it) with ci_low and ci_high beside every percentage; returned for chaining.

    Headlines also gain `uncertainty`: the small-base sentence when their base is under SMALL_BASE, else None.
    """
    for question in summary["questions"]:
        for row in list(question.get("options", ())) + list(question.get("groups", ())):
            if "percent" in row:
                row.update(interval_fields(row["count"], question["base"]))
    for headline in summary["headlines"]:
        headline.update(interval_fields(headline["count"], headline["base"]))
        headline["uncertainty"] = (describe_uncertainty(headline["count"], headline["base"])
                                   if headline["percent"] is not None else None)
    return summary


def add_breakdown_intervals(table):
    """A breakdown (summary.breakdown) with intervals beside each organisation's shown percentages."""
    for row in table["organisations"]:
        for option in row["options"]:
            if isinstance(option["percent"], str):  # suppressed: the interval is hidden as the figure is
                option["ci_low"] = option["ci_high"] = option["percent"]
            else:
                option.update(interval_fields(option["count"], row["answered"]))
    return table
