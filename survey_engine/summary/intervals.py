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
