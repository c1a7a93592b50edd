"""The χ² distribution and the recommended threshold."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wizard.data import DataError, chi2_isf, chi2_quantile, false_alarms_per_year
from wizard.data.recommend import FeatureModel, chi2_cdf, chi2_sf, recommend

# Known values (scipy.stats.chi2.ppf / tables).
KNOWN = [
    (0.99, 9, 21.665994333461924),
    (0.95, 9, 16.918977604620448),
    (0.95, 1, 3.841458820694124),
    (0.99, 2, 9.210340371976182),  # = -2 ln 0.01 exactly
    (0.5, 1, 0.454936423119572),
    (0.95, 100, 124.34211340400407),
]


@pytest.mark.parametrize(("p", "df", "expected"), KNOWN)
def test_chi2_quantile_known_values(p: float, df: int, expected: float) -> None:
    assert chi2_quantile(p, df) == pytest.approx(expected, rel=1e-10)
    assert chi2_cdf(expected, df) == pytest.approx(p, rel=1e-10)


def _closed_form_sf(x: float, df: int) -> float:
    """P[χ²(df) > x] by the finite sums that exist for integer df (erfc for odd df)."""
    y = x / 2
    if df % 2 == 0:
        return math.exp(-y) * sum(y**j / math.factorial(j) for j in range(df // 2))
    terms = sum(y ** (j - 0.5) / math.gamma(j + 0.5) for j in range(1, (df - 1) // 2 + 1))
    return math.erfc(math.sqrt(y)) + math.exp(-y) * terms


@pytest.mark.parametrize("df", [1, 2, 3, 9, 10, 29, 30])
@pytest.mark.parametrize("x", [0.3, 2.0, 9.0, 25.0, 60.0])
def test_chi2_sf_matches_the_closed_forms(df: int, x: float) -> None:
    assert chi2_sf(x, df) == pytest.approx(_closed_form_sf(x, df), rel=1e-11, abs=1e-300)


def test_chi2_at_the_smallest_positive_float_is_all_below_it() -> None:
    # Half of 5e-324 underflows to 0: the series then took the log of 0 (a hypothesis case
    # of a PSI threshold of 5e-324 at 2 rows a window).
    assert chi2_sf(5e-324, 9) == 1.0
    assert chi2_cdf(5e-324, 9) == 0.0


def test_chi2_quantile_at_the_tables_critical_values() -> None:
    # Tables give three decimals: χ²(29) at 0.999 is 58.301, at 0.95 42.557.
    assert chi2_quantile(0.999, 29) == pytest.approx(58.301, abs=5e-4)
    assert chi2_quantile(0.95, 29) == pytest.approx(42.557, abs=5e-4)
    assert _closed_form_sf(chi2_quantile(0.999, 29), 29) == pytest.approx(0.001, rel=1e-10)


def test_chi2_tail_keeps_its_precision() -> None:
    # For two degrees of freedom the tail is exp(-x/2): check far out, where 1 - cdf
    # would have lost every digit.
    for q in (1e-3, 1e-8, 1e-14):
        x = chi2_isf(q, 2)
        assert x == pytest.approx(-2 * math.log(q), rel=1e-10)
        assert chi2_sf(x, 2) == pytest.approx(q, rel=1e-9)


def test_chi2_against_a_simulation() -> None:
    rng = np.random.default_rng(1)
    draws = rng.chisquare(9, 400_000)
    assert float(np.mean(draws > chi2_isf(0.05, 9))) == pytest.approx(0.05, abs=0.002)


def _model(n: int, m: int, bins: int = 10, name: str = "x") -> FeatureModel:
    return FeatureModel(name=name, bins=bins, reference_rows=n, window_rows=(m,))


def test_threshold_at_a_thousand_rows_matches_the_domain_table() -> None:
    # DOMAIN.md: n = m = 1,000, 10 bins, 1 % false alarms -> threshold 0.043.
    model = _model(1000, 1000)
    assert model.threshold(0.01) == pytest.approx(0.043, abs=0.0005)
    # One feature, a schedule of 100 windows a year, 1 false alarm a year: α = 1 %.
    rec = recommend([model], target_per_year=1.0, windows_per_year=100.0)
    assert rec.psi_threshold == pytest.approx(0.002 * 21.665994333461924, rel=1e-10)
    assert rec.false_alarms_per_year == pytest.approx(1.0, rel=1e-9)


@pytest.mark.parametrize(
    ("rows", "simulated"), [(50, 0.87), (100, 0.43), (200, 0.22), (500, 0.087), (1000, 0.043)]
)
def test_one_percent_thresholds_match_the_domain_simulation(rows: int, simulated: float) -> None:
    # DOMAIN.md, "PSI depends on the window size": N(0,1) against N(0,1), n = m, 10 bins,
    # 2,000 trials; the chi-square model gives the same thresholds within a few percent.
    assert _model(rows, rows).threshold(0.01) == pytest.approx(simulated, rel=0.03)


def test_threshold_is_the_one_minus_alpha_over_k_quantile() -> None:
    models = [_model(5000, 800, name=f"f{i}") for i in range(3)]
    rec = recommend(models, target_per_year=4.0, windows_per_year=365.25 / 7)
    alpha = 4.0 / (365.25 / 7)
    scale = 1 / 5000 + 1 / 800
    assert rec.psi_threshold == pytest.approx(scale * chi2_quantile(1 - alpha / 3, 9), rel=1e-10)
    assert rec.alpha_per_window == pytest.approx(alpha)
    assert rec.false_alarms_per_year == pytest.approx(4.0, rel=1e-9)


@pytest.mark.parametrize("n", [1000, 100_000])
def test_threshold_grows_as_windows_shrink(n: int) -> None:
    thresholds = [
        recommend([_model(n, m)], 4.0, 52.0).psi_threshold for m in (10_000, 1000, 500, 100)
    ]
    assert thresholds == sorted(thresholds)
    assert len(set(thresholds)) == 4


def test_features_of_different_shapes_share_the_false_alarm_budget() -> None:
    models = [_model(2000, 500, bins=10, name="a"), _model(2000, 500, bins=4, name="b")]
    rec = recommend(models, 4.0, 52.0)
    assert rec.false_alarms_per_year == pytest.approx(4.0, rel=1e-8)
    low, high = sorted(rec.per_feature.values())
    assert low < rec.psi_threshold < high


def test_uneven_windows_count_each_window_at_its_size() -> None:
    even = FeatureModel(name="x", bins=10, reference_rows=5000, window_rows=(1000, 1000))
    uneven = FeatureModel(name="x", bins=10, reference_rows=5000, window_rows=(500, 1500))
    # Same median window size; the small window is noisier, so the threshold is higher.
    assert recommend([uneven], 4.0, 52.0).psi_threshold > recommend([even], 4.0, 52.0).psi_threshold


def test_false_alarms_per_year_is_the_inverse() -> None:
    models = [_model(3000, 700, name=f"f{i}") for i in range(4)]
    rec = recommend(models, 2.5, 52.0)
    assert false_alarms_per_year(rec.psi_threshold, models, 52.0) == pytest.approx(2.5, rel=1e-8)
    assert false_alarms_per_year(rec.psi_threshold * 2, models, 52.0) < 2.5
    assert false_alarms_per_year(rec.psi_threshold / 2, models, 52.0) > 2.5


def test_target_out_of_range_is_a_data_error() -> None:
    with pytest.raises(DataError, match="fewer than the schedule's 12 windows"):
        recommend([_model(1000, 1000)], 12.0, 12.0)
    with pytest.raises(DataError, match="out of range"):
        recommend([_model(1000, 1000)], 0.0, 52.0)


def test_a_subnormal_value_has_no_mass_below_it() -> None:
    """5e-324 halves to 0: the series would take log(0) (hypothesis found it through a PSI
    threshold of 5e-324 in the consistency suite)."""
    assert chi2_cdf(5e-324, 9) == 0.0
    assert chi2_sf(5e-324, 9) == 1.0
