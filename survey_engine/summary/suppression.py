"""Small-number suppression, primary and secondary: no hidden count can be worked out from what is published.

A table is a set of counts (cells) and the linear facts anyone reading it knows: published totals ("answered 7",
a column total on the whole-survey summary), that counts are not negative, and how cells relate ("Yes" and
"No" add up to "answered"). Primary suppression hides each small count; secondary suppression then hides more
cells until, for every hidden cell and every small unpublished quantity (such as the people who did not tick a
multiple choice option), the published figures allow more than one value. That is checked as an attacker would:
the least and greatest value each could take, by linear programming (SciPy's HiGHS solver).
"""
from dataclasses import dataclass, field

#: Two bounds closer than this are one value.
TOLERANCE = 1e-6


@dataclass
class Table:
    """Cells with their true values, the published constraints between them, and which cells are shown."""

    #: {cell: true value}; every count of the table, published or not.
    values: dict = field(default_factory=dict)
    #: Cells that are never published as such (derived quantities, like those not ticking an option).
    unpublished: set = field(default_factory=set)
    #: [(coefficients {cell: number}, "==" | ">=", constant)]: what a reader knows, totals included.
    constraints: list = field(default_factory=list)

    #: Unpublished cells that need no protection of their own (such as answers to options no longer offered).
    unwatched: set = field(default_factory=set)

    def cell(self, name, value, published=True, watched=True):
        self.values[name] = value
        if not published:
            self.unpublished.add(name)
            if not watched:
                self.unwatched.add(name)
        return name

    def equal(self, coefficients, constant=0):
        self.constraints.append((coefficients, "==", constant))

    def at_least(self, coefficients, constant=0):
        self.constraints.append((coefficients, ">=", constant))


def suppress(table, threshold):
    """The set of published cells to hide: every count below `threshold`, and enough others to protect them.

    Cells whose value the published totals fix on their own (such as every organisation's count of an option
    nobody chose) cannot be protected by hiding more; they stay hidden and are left at that.
    """
    hidden = {c for c, v in table.values.items() if v < threshold and c not in table.unpublished}
    small = {c for c in table.unpublished - table.unwatched if table.values[c] < threshold}
    protected, given_up = set(), set()
    while True:
        targets = [c for c in sorted(hidden | small, key=repr) if c not in protected and c not in given_up]
        changed = False
        for target in targets:
            if not _derivable(table, hidden, target):
                protected.add(target)  # hiding more only widens what a reader could suppose
                continue
            extra = _companion(table, hidden, target)
            if extra is None:
                given_up.add(target)
            else:
                hidden.add(extra)
                changed = True
            break
        if not changed and all(t in protected or t in given_up for t in hidden | small):
            return hidden


def _companion(table, hidden, target):
    """A shown cell to hide with `target`: the smallest above zero (zeros give no room) among those it is tied to.

    Looks first at the constraints `target` is in, then outwards through hidden cells.
    """
    seen, frontier = {target}, [target]
    while frontier:
        candidates = []
        reached = []
        for coefficients, _, _ in table.constraints:
            if not any(c in coefficients for c in frontier):
                continue
            for c in coefficients:
                if c in seen:
                    continue
                seen.add(c)
                if c in hidden or c in table.unpublished:
                    reached.append(c)
                else:
                    candidates.append(c)
        if candidates:
            return min(candidates, key=lambda c: (table.values[c] == 0, table.values[c], repr(c)))
        frontier = reached
    return None


def _derivable(table, hidden, target):
    """Whether the shown cells and the constraints fix `target` to one value."""
    from scipy.optimize import linprog  # imported when a table needs it: SciPy takes a while to load

    unknown = sorted(hidden | table.unpublished, key=repr)
    index = {c: i for i, c in enumerate(unknown)}
    rows_eq, b_eq, rows_ub, b_ub = [], [], [], []
    for coefficients, op, constant in table.constraints:
        row = [0.0] * len(unknown)
        rest = constant
        for c, k in coefficients.items():
            if c in index:
                row[index[c]] += k
            else:
                rest -= k * table.values[c]
        if not any(row):
            continue
        if op == "==":
            rows_eq.append(row)
            b_eq.append(rest)
        else:  # a . x >= rest, as linprog's -a . x <= -rest
            rows_ub.append([-k for k in row])
            b_ub.append(-rest)
    objective = [0.0] * len(unknown)
    value = table.values[target]
    for sign in (-1.0, 1.0):  # the greatest value, then the least
        objective[index[target]] = sign
        result = linprog(objective, A_ub=rows_ub or None, b_ub=b_ub or None, A_eq=rows_eq or None,
                         b_eq=b_eq or None, bounds=(0, None), method="highs")
        if result.status != 0:
            return False  # unbounded: nothing fixes it
        if abs(sign * result.fun - value) > TOLERANCE:
            return False
    return True
