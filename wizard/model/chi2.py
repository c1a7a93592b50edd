"""The chi-squared distribution, computed here (scipy is not a dependency): the regularized
incomplete gamma function by its series or its continued fraction (whichever converges), and
the quantile by Newton steps from the Wilson–Hilferty guess, kept inside a bracket.

PSI between a reference of n rows and an unchanged window of m rows is about
(1/n + 1/m)·χ²(B − 1) for B bins (Yurdakul 2018): the engine judges a threshold with it and
the data stage recommends one, so both read this one module.
"""

from __future__ import annotations

import math
import statistics

_EPSILON = 1e-15
_TINY = 1e-300
_ITERATIONS = 500


def _gamma_series(a: float, x: float) -> float:
    """Regularized lower incomplete gamma P(a, x) by its power series (for x < a + 1)."""
    term = total = 1.0 / a
    denominator = a
    for _ in range(_ITERATIONS):
        denominator += 1.0
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_fraction(a: float, x: float) -> float:
    """Regularized upper incomplete gamma Q(a, x) by its continued fraction (modified Lentz,
    for x >= a + 1, where it converges fast and keeps the tail's relative precision)."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _ITERATIONS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPSILON:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def _chi2_both(x: float, df: float) -> tuple[float, float]:
    """(P[χ²(df) <= x], P[χ²(df) > x]): the side the series or the fraction computes is taken
    as it is, the other as one minus it, so the tail asked for never loses digits."""
    if df <= 0:  # all the mass at 0
        return (1.0, 0.0) if x >= 0 else (0.0, 1.0)
    a, half = df / 2.0, x / 2.0
    if half <= 0:  # a subnormal x halves to 0: no mass below it, and log(0) is undefined
        return 0.0, 1.0
    if half < a + 1.0:
        lower = _gamma_series(a, half)
        return lower, 1.0 - lower
    upper = _gamma_fraction(a, half)
    return 1.0 - upper, upper


def chi2_cdf(x: float, df: float) -> float:
    """P[χ²(df) <= x]."""
    return _chi2_both(x, df)[0]


def chi2_sf(x: float, df: float) -> float:
    """P[χ²(df) > x], computed directly in the tail (no 1 - cdf cancellation)."""
    return _chi2_both(x, df)[1]


def _chi2_pdf(x: float, df: float) -> float:
    a = df / 2.0
    return math.exp((a - 1.0) * math.log(x) - x / 2.0 - a * math.log(2.0) - math.lgamma(a))


def chi2_isf(q: float, df: float) -> float:
    """The x with P[χ²(df) > x] = q (the upper quantile), for 0 < q < 1."""
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must be in (0, 1), got {q!r}")
    if df <= 0:
        return 0.0
    # Wilson–Hilferty: (χ²/df)^(1/3) is nearly normal; a good start except for tiny df.
    z = -statistics.NormalDist().inv_cdf(q)
    h = 2.0 / (9.0 * df)
    x = max(df * (1.0 - h + z * math.sqrt(h)) ** 3, 1e-8)
    # Bracket [low, high] with sf(low) > q > sf(high), widened until it holds.
    low, high = 0.0, max(2.0 * x, 1.0)
    while chi2_sf(high, df) > q:
        low, high = high, high * 2.0
    for _ in range(_ITERATIONS):
        excess = chi2_sf(x, df) - q
        if excess > 0:
            low = max(low, x)
        else:
            high = min(high, x)
        density = _chi2_pdf(x, df)
        step = excess / density if density > 0 else math.inf
        candidate = x + step
        if not low < candidate < high:  # Newton left the bracket: bisect instead
            candidate = (low + high) / 2.0
        if abs(candidate - x) <= 1e-14 * candidate or high - low <= 1e-15 * high:
            return candidate
        x = candidate
    return x


def chi2_quantile(p: float, df: float) -> float:
    """The x with P[χ²(df) <= x] = p."""
    return chi2_isf(1.0 - p, df)
