"""Secondary suppression: an attacker who knows every published figure cannot work out any hidden count.

Breakdowns by organisation are built from varied random data (several organisations, counts around the
threshold, single and multiple choice questions), imported as a user would, and read back from
`summary --format json --by-organisation`. For each hidden count the test then asks a linear program for the
least and the greatest value it could take, given the breakdown's shown cells, the whole-survey summary's totals,
that counts are whole and not negative, and how the cells relate. The two must differ, unless the whole-survey
totals alone fix it (an option nobody chose), which no breakdown can protect.
"""
import csv
import json
import random

import pytest
from scipy.optimize import linprog

THRESHOLD = 5
HOW_FOUND = ["nsun", "colleague", "online", "event", "another-way"]
DIFFERENCES = ["quality", "staff-understanding", "broader-range", "cv", "other"]


def make_rows(rng):
    """Signatory-survey rows: a few organisations of 1 to 12 people, answers skewed so small counts abound."""
    rows = []
    weights = [rng.random() ** 2 for _ in HOW_FOUND]
    ticks = [rng.choice([0.05, 0.3, 0.7, 0.95]) for _ in DIFFERENCES]
    for org in range(rng.randint(2, 6)):
        used_share = rng.choice([0.2, 0.6, 0.95])
        for _ in range(rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 12])):
            used = "yes" if rng.random() < used_share else "no"
            chosen = [d for d, p in zip(DIFFERENCES, ticks) if rng.random() < p] or [rng.choice(DIFFERENCES)]
            rows.append({"organisation": f"Organisation {org}", "how_found": rng.choices(HOW_FOUND, weights)[0],
                         "used": used, "differences": ";".join(chosen) if used == "yes" else "",
                         "differences__other": "something else" if used == "yes" and "other" in chosen else "",
                         "training": rng.choice(["yes", "no", ""])})
    return rows


def truth(rows, key, multiple):
    """{organisation: (answered, {value: count})} from the rows themselves."""
    found = {}
    for row in rows:
        chosen = [v for v in row[key].split(";") if v]
        if not chosen:
            continue
        n, counts = found.setdefault(row["organisation"], [0, {}])
        found[row["organisation"]][0] = n + 1
        for v in chosen:
            counts[v] = counts.get(v, 0) + 1
    return found


def unknowns(breakdown, summary_question, true, multiple, everything_hidden=False):
    """The attacker's linear program: variables, equalities, inequalities, and true values of the targets."""
    hidden = f"fewer than {breakdown['threshold']}"
    variables, known = {}, {}

    def term(name, shown, value):
        if shown == hidden or everything_hidden:
            variables.setdefault(name, len(variables))
        else:
            assert shown == value, (name, shown, value)  # what is shown is the truth
            known[name] = shown

    options = [o["value"] for o in summary_question["options"]]
    for row in breakdown["organisations"]:
        org = row["organisation"]
        n, counts = true[org]
        term(("n", org), row["answered"], n)
        for option in row["options"]:
            term(("c", org, option["value"]), option["count"], counts.get(option["value"], 0))
            if option["percent"] != hidden:
                # A percentage is shown only beside its count and its base, or it would give them away.
                assert option["count"] != hidden and row["answered"] != hidden
        if multiple:
            for v in options:
                variables.setdefault(("u", org, v), len(variables))  # those who did not tick it: never shown
    equalities, inequalities = [], []  # (coefficients, constant); inequalities are sum >= constant

    def add(into, coefficients, constant):
        row, rest = {}, constant
        for name, k in coefficients.items():
            if name in variables:
                row[variables[name]] = row.get(variables[name], 0) + k
            else:
                rest -= k * known[name]
        into.append((row, rest))

    orgs = [row["organisation"] for row in breakdown["organisations"]]
    for org in orgs:
        if multiple:
            for v in options:
                add(equalities, {("c", org, v): 1, ("u", org, v): 1, ("n", org): -1}, 0)
            add(inequalities, {**{("c", org, v): 1 for v in options}, ("n", org): -1}, 0)
        else:
            add(equalities, {**{("c", org, v): 1 for v in options}, ("n", org): -1}, 0)
    # The whole-survey summary publishes every option's count and how many answered.
    for option in summary_question["options"]:
        add(equalities, {("c", org, option["value"]): 1 for org in orgs}, option["count"])
    add(equalities, {("n", org): 1 for org in orgs}, summary_question["answered"])
    return variables, equalities, inequalities


def bounds(variables, equalities, inequalities, name):
    """The least and greatest value `name` can take."""
    size = len(variables)

    def matrix(rows):
        dense = []
        for row, _ in rows:
            line = [0.0] * size
            for i, k in row.items():
                line[i] = k
            dense.append(line)
        return dense or None

    found = []
    for sign in (1, -1):
        objective = [0.0] * size
        objective[variables[name]] = sign
        result = linprog(objective, A_eq=matrix(equalities), b_eq=[r for _, r in equalities] or None,
                         A_ub=[[-k for k in line] for line in matrix(inequalities)] if inequalities else None,
                         b_ub=[-r for _, r in inequalities] or None, bounds=(0, None), method="highs",
                         integrality=[1] * size)
        assert result.status == 0, result.message
        found.append(sign * result.fun)
    return round(found[0]), round(found[1])


def derived_cells(breakdown, summary_question, true, multiple):
    """[(cell, value)] of hidden counts (and small non-tickers) that the published figures fix."""
    variables, eq, ineq = unknowns(breakdown, summary_question, true, multiple)
    alone = unknowns(breakdown, summary_question, true, multiple, everything_hidden=True)
    derived = []
    for name in variables:
        kind, org = name[0], name[1]
        n, counts = true[org]
        value = n if kind == "n" else counts.get(name[2], 0) if kind == "c" else n - counts.get(name[2], 0)
        if kind == "u" and value >= THRESHOLD:
            continue
        low, high = bounds(variables, eq, ineq, name)
        assert low <= value <= high
        if low == high and bounds(*alone, name) != (low, high):
            derived.append((name, value))
    return derived


def load(app, slug, rows, tmp_path):
    path = tmp_path / f"{slug}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, str(path)])
    assert result.exit_code == 0, result.output


def published(app, slug, key):
    result = app.test_cli_runner().invoke(args=["summary", slug, "--format", "json", "--by-organisation", key])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return data["breakdown"], next(q for q in data["questions"] if q["key"] == key)


def test_the_example_of_the_issue(app, open_survey, tmp_path):
    # "answered 7, Yes 5" revealed "No 2".
    slug = open_survey("signatory-survey", "example")
    rows = [{"organisation": "Mind", "how_found": "nsun", "used": "yes" if i < 5 else "no", "differences": "cv"
             if i < 5 else "", "differences__other": "", "training": ""} for i in range(7)]
    rows += [{"organisation": "Rethink", "how_found": "online", "used": "yes" if i < 9 else "no",
              "differences": "cv" if i < 9 else "", "differences__other": "", "training": ""} for i in range(12)]
    load(app, slug, rows, tmp_path)
    breakdown, question = published(app, slug, "used")
    assert derived_cells(breakdown, question, truth(rows, "used", False), False) == []
    mind = breakdown["organisations"][0]
    assert mind["organisation"] == "Mind"
    assert [o["count"] for o in mind["options"]].count("fewer than 5") + (mind["answered"] == "fewer than 5") >= 2


@pytest.mark.parametrize("seed", range(6))
def test_no_hidden_count_can_be_worked_out(app, open_survey, tmp_path, seed):
    rng = random.Random(seed)
    slug = open_survey("signatory-survey", f"random-{seed}")
    rows = make_rows(rng)
    load(app, slug, rows, tmp_path)
    hidden_somewhere = False
    for key, multiple in (("used", False), ("how_found", False), ("differences", True)):
        breakdown, question = published(app, slug, key)
        assert breakdown["threshold"] == THRESHOLD
        hidden_somewhere |= "fewer than 5" in json.dumps(breakdown)
        assert derived_cells(breakdown, question, truth(rows, key, multiple), multiple) == [], (key, rows)
    assert hidden_somewhere
