"""Wilson score intervals against published values (Newcombe 1998, Table I; Brown, Cai and DasGupta 2001)."""
import pytest

from survey_engine.summary.intervals import describe_uncertainty, newcombe_difference, wilson_bounds, wilson_interval


@pytest.mark.parametrize("count, base, low, high", [
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
    # methods", Statistics in Medicine 17:857-872, Table I, method 3 (score interval, no continuity correction).
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_matches_published_values(count, base, low, high):
    assert tuple(round(bound, 4) for bound in wilson_bounds(count, base)) == (low, high)


@pytest.mark.parametrize("count, base, low, high", [
    (81, 263, 25.5, 36.6),
    # The report's "72% (13 of 18)", as issue 15 words it: "anywhere from 49% to 88%".
    (13, 18, 49.1, 87.5),
    (0, 10, 0.0, 27.8),
])
def test_percent_to_one_decimal(count, base, low, high):
    assert wilson_interval(count, base) == (low, high)


def test_no_base_has_no_interval():
    assert wilson_interval(0, 0) is None


def test_all_or_none_stay_inside_0_to_100():
    assert wilson_interval(10, 10)[1] == 100.0
    assert wilson_interval(0, 10)[0] == 0.0


def test_a_count_above_its_base_is_refused():
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_small_base_is_said_in_words():
    # Issue 15's own wording, and its interval (49.1% to 87.5%) in whole percentages.
    assert describe_uncertainty(13, 18) == ("13 of 18: a small number of people, so this could be anywhere "
                                            "from 49% to 88%")
    assert describe_uncertainty(0, 1) == "0 of 1: only one person, so this could be anywhere from 0% to 79%"


def test_large_or_missing_bases_need_no_words():
    assert describe_uncertainty(20, 30) is None
    assert describe_uncertainty(0, 0) is None
    assert describe_uncertainty(29, 29) is not None


@pytest.mark.parametrize("count1, base1, count2, base2, low, high", [
    # Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison of
    # eleven methods", Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score, no continuity
    # correction), examples (a) to (h). statsmodels 0.15's confint_proportions_2indep(method="newcomb") gives
    # the same eight, checked once by hand when this was written.
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0),
    (10, 10, 0, 10, 0.6075, 1.0),
])
def test_difference_matches_published_values(count1, base1, count2, base2, low, high):
    assert tuple(round(bound, 4) for bound in newcombe_difference(count1, base1, count2, base2)) == (low, high)


def test_difference_is_antisymmetric_and_needs_both_bases():
    low, high = newcombe_difference(56, 70, 48, 80)
    assert tuple(round(b, 12) for b in newcombe_difference(48, 80, 56, 70)) == (round(-high, 12), round(-low, 12))
    assert newcombe_difference(1, 2, 0, 0) is None
