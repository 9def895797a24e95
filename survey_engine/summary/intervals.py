"""95% Wilson score intervals for a percentage, the uncertainty every published figure states."""
import math
from decimal import ROUND_HALF_UP, Decimal

# The 97.5th percentile of the standard normal distribution: a two-sided 95% interval.
Z95 = 1.959963984540054
# Below this many people a headline says in words that its base is small (issue 15).
SMALL_BASE = 30


def wilson_interval(count, base, z=Z95):
    """(low, high) in percent, one decimal rounded half up, for count of base; None when base is 0.

    Wilson's score interval (Wilson 1927; Newcombe 1998, method 3) stays inside 0-100 and behaves at
    small bases and at 0% or 100%, where the textbook p +/- z*sqrt(p(1-p)/n) collapses to a point.
    """
    bounds = wilson_bounds(count, base, z)
    return None if bounds is None else (_percent(bounds[0]), _percent(bounds[1]))


def wilson_bounds(count, base, z=Z95):
    """(low, high) as unrounded fractions between 0 and 1; None when base is 0."""
    if not base:
        return None
    if not 0 <= count <= base:
        raise ValueError(f"count {count} is not between 0 and the base {base}")
    p = count / base
    z2 = z * z
    centre = (p + z2 / (2 * base)) / (1 + z2 / base)
    half = z * math.sqrt(p * (1 - p) / base + z2 / (4 * base * base)) / (1 + z2 / base)
    return max(0.0, centre - half), min(1.0, centre + half)


def _percent(fraction):
    """A fraction as a one-decimal percentage, rounded half up from its shortest decimal form."""
    return float((Decimal(repr(fraction)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def whole_interval(count, base, z=Z95):
    """(low, high) as whole percentages rounded half up, as headline words print them; None when base is 0."""
    bounds = wilson_bounds(count, base, z)
    if bounds is None:
        return None
    return tuple(int((Decimal(repr(b)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for b in bounds)


def is_small_base(base):
    """True when a base has people but fewer than SMALL_BASE, so a figure of it needs its interval said."""
    return bool(base) and base < SMALL_BASE


def describe_uncertainty(count, base):
    """"13 of 18: a small number of people, so this could be anywhere from 49% to 88%", or None.

    The one place the small-base sentence is worded: None when the base is 0 (no figure) or SMALL_BASE or more.
    """
    if not is_small_base(base):
        return None
    low, high = whole_interval(count, base)
    few = "only one person" if base == 1 else "a small number of people"
    return f"{count} of {base}: {few}, so this could be anywhere from {low}% to {high}%"


def newcombe_difference(count1, base1, count2, base2, z=Z95):
    """(low, high) for p1 - p2 as unrounded fractions, by Newcombe's hybrid score interval; None without bases.

    Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison of
    eleven methods", Statistics in Medicine 17:873-890, method 10: each proportion's Wilson bounds combined,
    so the interval stays inside -1 to 1 and behaves with small bases and with 0% or 100%.
    """
    first, second = wilson_bounds(count1, base1, z), wilson_bounds(count2, base2, z)
    if first is None or second is None:
        return None
    p1, p2 = count1 / base1, count2 / base2
    (l1, u1), (l2, u2) = first, second
    difference = p1 - p2
    return (difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
            difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))
