"""PSI exactly as DESIGN.md fixes it: the bins from the reference, the counts in SQL.

Numerical feature: 10 bins at the reference's deciles (``quantile_cont``: linear
interpolation, as numpy's default; DuckDB evaluates lo·(1 − d) + hi·d with a fused
multiply-add where numpy evaluates lo + (hi − lo)·d, so an edge may differ from numpy's in
its last bit, which moves a value to another bin only if two neighbouring reference values
are within an ulp of each other); duplicate edges collapse. A value goes to bin
``searchsorted(edges, v, side="left")`` over the inner edges: a value equal to an edge goes
to the lower bin, values below the first or above the last edge to the first or last bin.

Categorical feature: text or boolean, or numerical with at most 20 distinct reference
values. One bin per reference value, in sorted order, plus one bin for values the reference
never had.

Missing values: in a numerical feature a null, NaN or ±infinity is missing and left out of
the bins on both sides (the shares are over the rows that have a number; the count of
missing rows is reported beside the PSI). In a categorical feature a null is a value of its
own: a bin when the reference has nulls, otherwise it lands in the unseen bin (NaN and
±infinity count as null there too). Either way the NULL, NaN and infinite values of every
feature are counted, in the reference and in each window, and reported: never set aside
without a word.

PSI = Σ (cur − ref)·ln(cur / ref) over the bins, a share of 0 on either side counted as
0.0001. The shares come from counts DuckDB computes in one pass: for a numerical feature
``count_if(v <= edge)`` per edge (cumulative counts; the bins are their differences), for a
categorical one a ``histogram`` of the value's position in the reference's value list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any, Literal

from wizard.data.connection import double_literal, identifier, run, string_literal
from wizard.data.errors import DataError, quoted
from wizard.data.sources import type_class
from wizard.model.records import record

__all__ = [
    "DECILES",
    "MAX_CATEGORIES",
    "MAX_DISTINCT_FOR_CATEGORICAL",
    "MIN_REFERENCE_ROWS",
    "ZERO_SHARE",
    "Binning",
    "Missing",
    "count_aggregates",
    "profile_reference",
    "psi",
    "read_counts",
]

Kind = Literal["numerical", "categorical"]
Scalar = str | float | bool | None
DECILES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MAX_DISTINCT_FOR_CATEGORICAL = 20
#: Ten decile bins need ten rows; fewer and some bins are empty by construction.
MIN_REFERENCE_ROWS = 10
#: More distinct text values than this is an identifier, not a feature PSI can bin.
MAX_CATEGORIES = 1000
ZERO_SHARE = 0.0001
# approx_count_distinct (HyperLogLog) is off by a few percent at most: a count above this is
# surely above 20 distinct values, so the exact (and costlier) distinct list is skipped.
_SURELY_NUMERICAL = 1000


@record
class Missing:
    """Rows of one feature without a usable value, by kind: set aside from a numerical
    feature's bins (a categorical one bins them as its null value), and said either way."""

    null: int = 0
    nan: int = 0
    inf: int = 0
    """+infinity and -infinity."""

    @property
    def total(self) -> int:
        return self.null + self.nan + self.inf

    def share(self, rows: int) -> float | None:
        """The share of ``rows`` missing (0..1); None without rows."""
        return self.total / rows if rows else None


@record
class Binning:
    """The bins of one feature, fixed by the reference, and the reference's counts in them."""

    feature: str
    kind: Kind
    value_type: Literal["number", "text", "boolean"]
    edges: tuple[float, ...] = ()
    """Numerical: the distinct inner edges, increasing (at most 9). Empty when categorical."""
    values: tuple[Scalar, ...] = ()
    """Categorical: the reference's values, sorted, None (null) last when present."""
    reference_counts: tuple[int, ...] = ()
    """Rows of the reference in each bin (categorical: the unseen bin last, always 0); empty
    until the reference is counted."""
    reference_missing: int = 0
    """Numerical: reference rows without a finite number (left out); categorical: 0."""
    reference_missing_values: Missing = Missing()
    """The reference's NULL, NaN and infinite values, whatever the kind."""

    @property
    def bins(self) -> int:
        return len(self.edges) + 1 if self.kind == "numerical" else len(self.values) + 1

    @property
    def effective_bins(self) -> int:
        """The bins with reference rows: the χ² model's B (an empty bin adds no freedom)."""
        return sum(1 for count in self.reference_counts if count)

    @property
    def reference_rows(self) -> int:
        return sum(self.reference_counts)

    def labels(self) -> list[str]:
        """A short label per bin, for tables: ``<= 1.5``, ``(1.5, 2]``, ``'web'``, ``unseen``."""
        if self.kind == "categorical":
            return [("null" if value is None else repr(value)) for value in self.values] + [
                "unseen"
            ]
        edges = [f"{edge:.6g}" for edge in self.edges]
        inner = [f"({a}, {b}]" for a, b in pairwise(edges)]
        return [f"<= {edges[0]}", *inner, f"> {edges[-1]}"]


def psi(reference: Sequence[int], current: Sequence[int]) -> float | None:
    """PSI of two count vectors over the same bins; None when the current side is empty."""
    reference_total, current_total = sum(reference), sum(current)
    if not current_total or not reference_total:
        return None
    total = 0.0
    for ref_count, cur_count in zip(reference, current, strict=True):
        ref_share = ref_count / reference_total if ref_count else ZERO_SHARE
        cur_share = cur_count / current_total if cur_count else ZERO_SHARE
        total += (cur_share - ref_share) * math.log(cur_share / ref_share)
    return total


# --- SQL for one feature's value ------------------------------------------------------------


def _number(column: str) -> str:
    return f"CAST({identifier(column)} AS DOUBLE)"


def _key(binning_type: str, column: str) -> str:
    """The categorical value as compared with the reference's list (non-finite -> null)."""
    if binning_type == "number":
        number = _number(column)
        return f"CASE WHEN isfinite({number}) THEN {number} END"
    if binning_type == "text":
        return f"CAST({identifier(column)} AS VARCHAR)"
    return identifier(column)


def _literal(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return double_literal(value)
    return string_literal(str(value))


def _may_be_infinite(column_type: str) -> bool:
    return column_type in ("FLOAT", "DOUBLE")


def count_aggregates(binning: Binning, column_type: str) -> list[str]:
    """Aggregates that count the feature's bins in the rows of each group (window)."""
    column = binning.feature
    if binning.kind == "numerical":
        number = _number(column)
        aggregates = [f"count_if(isfinite({number}))"]
        # -infinity passes ``v <= edge`` but is missing, so it is counted to be taken out;
        # integer columns cannot hold it and skip the aggregate.
        if _may_be_infinite(column_type):
            aggregates.append(f"count_if({number} = CAST('-infinity' AS DOUBLE))")
        aggregates += [f"count_if({number} <= {double_literal(edge)})" for edge in binning.edges]
        return aggregates
    present = [value for value in binning.values if value is not None]
    values = "[" + ", ".join(_literal(value) for value in present) + "]"
    key = _key(binning.value_type, column)
    return [
        f"histogram(CASE WHEN {key} IS NULL THEN -1 "
        f"ELSE coalesce(list_position({values}, {key}), 0) END)"
    ]


def missing_aggregates(column: str, column_type: str) -> list[str]:
    """Aggregates that count a feature's NULL, NaN and infinite values (a column that cannot
    hold NaN or infinity counts its NULLs only)."""
    aggregates = [f"count_if({identifier(column)} IS NULL)"]
    if _may_be_infinite(column_type):
        number = _number(column)
        aggregates += [f"count_if(isnan({number}))", f"count_if(isinf({number}))"]
    return aggregates


def read_missing(fetched: Sequence[Any]) -> Missing:
    """The :class:`Missing` counts from the values :func:`missing_aggregates` produced."""
    values = [int(value or 0) for value in fetched]
    return Missing(*values)


def read_counts(binning: Binning, column_type: str, fetched: Sequence[Any]) -> tuple[int, ...]:
    """The per-bin counts from the values :func:`count_aggregates` produced, in order."""
    if binning.kind == "numerical":
        finite = int(fetched[0])
        offset, negative = (2, int(fetched[1])) if _may_be_infinite(column_type) else (1, 0)
        cumulative = [int(count) - negative for count in fetched[offset:]]
        bounds = [0, *cumulative, finite]
        return tuple(high - low for low, high in pairwise(bounds))
    histogram: Mapping[int, int] = fetched[0] or {}
    counts = [0] * binning.bins
    null_bin = binning.values.index(None) if None in binning.values else binning.bins - 1
    for position, count in histogram.items():
        if position == -1:
            counts[null_bin] += int(count)
        elif position == 0:
            counts[-1] += int(count)
        else:
            counts[position - 1] += int(count)
    return tuple(counts)


# --- the reference's bins -------------------------------------------------------------------


def _sorted_values(values: Sequence[Scalar]) -> tuple[Scalar, ...]:
    present = sorted(value for value in values if value is not None)  # type: ignore[type-var]
    return (*present, None) if len(present) < len(values) else tuple(present)


def profile_reference(
    con: Any,
    relation: str,
    where: str,
    features: Mapping[str, str],
    progress: Callable[[], None] = lambda: None,
) -> dict[str, Binning]:
    """Decide each feature's kind and bins from the reference, and count the reference.

    ``features`` maps each feature to its DuckDB type in the reference. Three scans: counts
    and approximate distinct counts; the distinct values of the categorical candidates (and
    one ``quantile_cont`` query per numerical feature, so memory holds one column at a
    time); the reference's own bin counts, with the same aggregates as every window.
    """
    classes = {name: type_class(kind) for name, kind in features.items()}
    for name, cls in classes.items():
        if cls not in ("number", "text", "boolean"):
            raise DataError(
                f"{where}: column {quoted(name)} is {features[name]}; a feature must be "
                "numbers, text or booleans"
            )
    stats_sql = ["count(*)"]
    for name, cls in classes.items():
        value = _number(name) if cls == "number" else identifier(name)
        present = f"isfinite({value})" if cls == "number" else f"{value} IS NOT NULL"
        stats_sql += [
            f"count_if({present})",
            f"approx_count_distinct({value}) FILTER (WHERE {present})",
        ]
    stats = run(con, f"SELECT {', '.join(stats_sql)} FROM {relation}", where, "profiling it")[0]
    rows = int(stats[0])
    present_rows: dict[str, int] = {}
    approx: dict[str, int] = {}
    for index, name in enumerate(classes):
        present_rows[name] = int(stats[1 + 2 * index])
        approx[name] = int(stats[2 + 2 * index] or 0)
        if present_rows[name] < MIN_REFERENCE_ROWS:
            raise DataError(
                f"{where}: column {quoted(name)} has {present_rows[name]} non-null rows in the "
                f"reference; at least {MIN_REFERENCE_ROWS} are needed to bin it "
                f"({MIN_REFERENCE_ROWS} bins)"
            )
        if classes[name] == "text" and approx[name] > 2 * MAX_CATEGORIES:
            raise _too_many(where, name, approx[name])

    # Distinct values of every categorical candidate, in one scan.
    candidates = [
        name for name, cls in classes.items()
        if cls != "number" or approx[name] <= _SURELY_NUMERICAL
    ]  # fmt: skip
    distinct: dict[str, list[Scalar]] = {}
    if candidates:
        lists = [f"list(DISTINCT {_key(classes[name], name)})" for name in candidates]
        row = run(con, f"SELECT {', '.join(lists)} FROM {relation}", where, "profiling it")[0]
        distinct = dict(zip(candidates, row, strict=True))

    binnings: dict[str, Binning] = {}
    for name, cls in classes.items():
        values = distinct.get(name)
        if cls != "number" or (values is not None and len(values) <= MAX_DISTINCT_FOR_CATEGORICAL):
            assert values is not None
            # list(DISTINCT) leaves nulls out: a null category exists when rows are missing.
            missing = rows - present_rows[name]
            with_null: list[Scalar] = [*values, None] if missing else list(values)
            if len(with_null) > MAX_CATEGORIES:
                raise _too_many(where, name, len(with_null))
            if cls == "number":
                with_null = [None if v is None else float(v) for v in with_null]  # type: ignore[arg-type]
            ordered = _sorted_values(with_null)
            binnings[name] = Binning(name, "categorical", cls, values=ordered)  # type: ignore[arg-type]
        else:
            number = _number(name)
            deciles = "[" + ", ".join(double_literal(q) for q in DECILES) + "]"
            (edges,) = run(
                con,
                f"SELECT quantile_cont({number}, {deciles}) FILTER (WHERE isfinite({number})) "
                f"FROM {relation}",
                where,
                f"computing the deciles of {quoted(name)}",
            )[0]
            inner = tuple(sorted(set(float(edge) for edge in edges)))
            binnings[name] = Binning(name, "numerical", "number", edges=inner)
        progress()

    # The reference's counts, by the code that counts every window.
    counter = BinCounter.of(binnings, features)
    select = ", ".join(counter.aggregates)
    row = run(con, f"SELECT {select} FROM {relation}", where, "counting its bins")[0]
    invalid = counter.missing(row)
    out: dict[str, Binning] = {}
    for name, counts in counter.counts(row).items():
        binning = binnings[name]
        missing = rows - sum(counts) if binning.kind == "numerical" else 0
        out[name] = replace(
            binning,
            reference_counts=counts,
            reference_missing=missing,
            reference_missing_values=invalid[name],
        )
    return out


@record
class BinCounter:
    """One scan's SELECT list that counts every feature's bins, the rows first, and how its
    results read back as each feature's counts: the reference and every window use it."""

    binnings: Mapping[str, Binning]
    column_types: Mapping[str, str]
    aggregates: tuple[str, ...]
    """``count(*)``, then each feature's :func:`count_aggregates` and
    :func:`missing_aggregates`."""
    spans: Mapping[str, tuple[int, int]]
    """Where each feature's bin aggregates stand in :attr:`aggregates`."""
    missing_spans: Mapping[str, tuple[int, int]]
    """Where each feature's missing-value aggregates stand in :attr:`aggregates`."""

    @classmethod
    def of(cls, binnings: Mapping[str, Binning], column_types: Mapping[str, str]) -> BinCounter:
        aggregates = ["count(*)"]
        spans: dict[str, tuple[int, int]] = {}
        missing_spans: dict[str, tuple[int, int]] = {}
        for name, binning in binnings.items():
            parts = count_aggregates(binning, column_types[name])
            spans[name] = (len(aggregates), len(aggregates) + len(parts))
            aggregates += parts
            parts = missing_aggregates(name, column_types[name])
            missing_spans[name] = (len(aggregates), len(aggregates) + len(parts))
            aggregates += parts
        return cls(binnings, column_types, tuple(aggregates), spans, missing_spans)

    def missing(self, fetched: Sequence[Any]) -> dict[str, Missing]:
        """Each feature's NULL, NaN and infinite values from the aggregates' values."""
        return {name: read_missing(fetched[a:b]) for name, (a, b) in self.missing_spans.items()}

    def counts(self, fetched: Sequence[Any]) -> dict[str, tuple[int, ...]]:
        """Each feature's bin counts from the aggregates' values, in order."""
        return {
            name: read_counts(self.binnings[name], self.column_types[name], fetched[a:b])
            for name, (a, b) in self.spans.items()
        }


def _too_many(where: str, name: str, count: int) -> DataError:
    return DataError(
        f"{where}: column {quoted(name)} has about {count} distinct values in the reference; "
        f"a categorical feature allows at most {MAX_CATEGORIES} (an identifier is not a feature)"
    )
