"""PSI through the public ``drift`` function, against an independent numpy implementation."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.data.helpers import numpy_psi, write_parquet
from wizard.data import DriftRequest, drift
from wizard.data.report import drift_json


def measure(tmp: Path, reference: dict[str, Any], current: dict[str, Any]) -> Any:
    ref = write_parquet(tmp / "reference.parquet", reference)
    cur = write_parquet(tmp / "current.parquet", current)
    return drift(DriftRequest(reference=str(ref), current=str(cur), features=tuple(reference)))


def test_ties_at_edges_go_to_the_lower_bin(tmp_path: Path) -> None:
    # 0..100: every decile is an integer (10, 20, ..., 90), so a value equal to an edge
    # must land in the bin below it (searchsorted side="left").
    reference = {"x": pa.array(np.arange(101, dtype=np.int64))}
    current = {"x": pa.array(np.array([10, 10, 10, 11, 20, 90, 91], dtype=np.int64))}
    result = measure(tmp_path, reference, current)
    binning = result.features["x"]
    assert binning.kind == "numerical"
    assert binning.edges == tuple(float(e) for e in range(10, 100, 10))
    counts = result.window.counts["x"]
    assert counts[0] == 3  # the three 10s: <= 10
    assert counts[1] == 2  # 11 and 20: (10, 20]
    assert counts[8] == 1  # 90: (80, 90]
    assert counts[9] == 1  # 91: > 90
    assert result.window.psi["x"] == pytest.approx(
        numpy_psi(list(range(101)), [10, 10, 10, 11, 20, 90, 91]), abs=1e-12
    )


def test_integer_data_with_many_ties(tmp_path: Path, rng: np.random.Generator) -> None:
    ref = rng.poisson(30, 3000).astype(np.int64)
    cur = rng.poisson(32, 1500).astype(np.int64)
    result = measure(tmp_path, {"x": pa.array(ref)}, {"x": pa.array(cur)})
    assert result.features["x"].kind == "numerical"
    assert result.window.psi["x"] == pytest.approx(numpy_psi(ref.tolist(), cur.tolist()), abs=1e-9)


def test_values_outside_the_reference_range_go_to_the_end_bins(
    tmp_path: Path, rng: np.random.Generator
) -> None:
    ref = rng.normal(0, 1, 500)
    cur = np.concatenate([rng.normal(0, 1, 100), [-50.0, -9.0, 9.0, 50.0, 1e300]])
    result = measure(tmp_path, {"x": ref}, {"x": cur})
    counts = result.window.counts["x"]
    assert sum(counts) == len(cur)
    assert counts[0] >= 2 and counts[-1] >= 3
    assert result.window.psi["x"] == pytest.approx(numpy_psi(ref.tolist(), cur.tolist()), abs=1e-9)


def test_empty_bins_count_as_one_ten_thousandth(tmp_path: Path, rng: np.random.Generator) -> None:
    ref = rng.normal(0, 1, 1000)
    cur = np.full(50, -5.0)  # every row in the first bin: nine empty bins
    result = measure(tmp_path, {"x": ref}, {"x": cur})
    counts = np.array(result.window.counts["x"])
    assert (counts[1:] == 0).all()
    ref_share = np.array(result.features["x"].reference_counts) / 1000
    expected = (1 - ref_share[0]) * math.log(1 / ref_share[0]) + sum(
        (0.0001 - share) * math.log(0.0001 / share) for share in ref_share[1:]
    )
    assert result.window.psi["x"] == pytest.approx(expected, abs=1e-12)
    assert result.window.psi["x"] == pytest.approx(numpy_psi(ref.tolist(), cur.tolist()), abs=1e-9)


def test_duplicate_edges_collapse(tmp_path: Path, rng: np.random.Generator) -> None:
    # 600 zeros in 1000 rows: deciles 1 to 5 are all 0, the 6th interpolates between the
    # last zero and the first non-zero value, so the bin (0, q60] holds no reference row.
    ref = np.concatenate([np.zeros(600), rng.normal(5, 1, 400)])
    cur = np.concatenate([np.zeros(300), rng.normal(5.5, 1, 300), [0.5] * 10])
    result = measure(tmp_path, {"x": ref}, {"x": cur})
    binning = result.features["x"]
    assert binning.kind == "numerical"
    assert binning.edges[0] == 0.0
    assert len(binning.edges) == len(set(binning.edges)) == 5
    assert binning.bins == 6
    assert binning.reference_counts[:2] == (600, 0)
    assert binning.effective_bins == 5  # what the chi-square model counts
    assert result.window.counts["x"][1] == 10
    assert result.window.psi["x"] == pytest.approx(numpy_psi(ref.tolist(), cur.tolist()), abs=1e-9)


def test_unseen_categories_share_one_bin(tmp_path: Path, rng: np.random.Generator) -> None:
    ref = rng.choice(["a", "b", "c"], 900).tolist()
    cur = rng.choice(["a", "b", "c", "x", "y"], 300, p=[0.3, 0.3, 0.3, 0.05, 0.05]).tolist()
    result = measure(tmp_path, {"c": ref}, {"c": cur})
    binning = result.features["c"]
    assert binning.kind == "categorical"
    assert binning.values == ("a", "b", "c")
    assert binning.bins == 4
    assert result.window.counts["c"][-1] == sum(1 for v in cur if v in ("x", "y"))
    assert result.window.psi["c"] == pytest.approx(numpy_psi(ref, cur), abs=1e-9)


def test_booleans_are_categorical(tmp_path: Path, rng: np.random.Generator) -> None:
    ref = (rng.random(400) < 0.3).tolist()
    cur = [True] * 40
    result = measure(tmp_path, {"b": ref}, {"b": cur})
    assert result.features["b"].kind == "categorical"
    assert result.features["b"].values == (False, True)
    assert result.window.psi["b"] == pytest.approx(numpy_psi(ref, cur), abs=1e-9)


def test_twenty_distinct_numbers_are_categorical_twenty_one_numerical(
    tmp_path: Path, rng: np.random.Generator
) -> None:
    twenty = rng.integers(0, 20, 2000)
    cur = rng.integers(0, 25, 500)  # 20..24 were never seen
    result = measure(tmp_path, {"k": twenty}, {"k": cur})
    assert result.features["k"].kind == "categorical"
    assert result.features["k"].values == tuple(float(v) for v in range(20))
    assert result.window.counts["k"][-1] == int((cur >= 20).sum())
    assert result.window.psi["k"] == pytest.approx(
        numpy_psi(twenty.tolist(), cur.tolist()), abs=1e-9
    )

    twenty_one = np.concatenate([np.arange(21), rng.integers(0, 21, 2000)])
    result = measure(tmp_path, {"k": twenty_one}, {"k": cur})
    assert result.features["k"].kind == "numerical"
    assert result.window.psi["k"] == pytest.approx(
        numpy_psi(twenty_one.tolist(), cur.tolist()), abs=1e-9
    )


def test_numerical_nulls_and_non_finite_values_are_left_out(
    tmp_path: Path, rng: np.random.Generator
) -> None:
    ref: list[float | None] = rng.normal(0, 1, 300).tolist() + [None] * 30 + [float("nan")] * 5
    cur: list[float | None] = rng.normal(0.2, 1, 100).tolist() + [None] * 7
    cur += [float("inf"), float("-inf"), float("nan")]
    result = measure(
        tmp_path, {"x": pa.array(ref, pa.float64())}, {"x": pa.array(cur, pa.float64())}
    )
    assert result.features["x"].reference_missing == 35
    assert result.features["x"].reference_rows == 300
    assert result.window.missing["x"] == 10
    assert sum(result.window.counts["x"]) == 100
    assert result.window.psi["x"] == pytest.approx(numpy_psi(ref, cur), abs=1e-9)


def test_a_categorical_null_is_a_value_of_its_own(tmp_path: Path, rng: np.random.Generator) -> None:
    ref = [*rng.choice(["a", "b"], 200).tolist(), None, None, None, None]
    cur = [*rng.choice(["a", "b"], 100).tolist(), *[None] * 20]
    result = measure(tmp_path, {"c": pa.array(ref, pa.string())}, {"c": pa.array(cur, pa.string())})
    assert result.features["c"].values == ("a", "b", None)
    assert result.window.counts["c"] == (
        cur.count("a"),
        cur.count("b"),
        20,
        0,
    )
    assert result.window.psi["c"] == pytest.approx(numpy_psi(ref, cur), abs=1e-9)

    # Without nulls in the reference, a current null is an unseen value.
    ref_no_null = ref[:-4]
    result = measure(
        tmp_path, {"c": pa.array(ref_no_null, pa.string())}, {"c": pa.array(cur, pa.string())}
    )
    assert result.features["c"].values == ("a", "b")
    assert result.window.counts["c"][-1] == 20
    assert result.window.psi["c"] == pytest.approx(numpy_psi(ref_no_null, cur), abs=1e-9)


def test_the_same_sample_has_zero_psi(tmp_path: Path, rng: np.random.Generator) -> None:
    values = rng.normal(0, 1, 1000)
    result = measure(tmp_path, {"x": values}, {"x": values})
    assert result.window.psi["x"] == pytest.approx(0.0, abs=1e-15)


def test_drift_flags_features_above_the_threshold(tmp_path: Path, rng: np.random.Generator) -> None:
    ref = write_parquet(
        tmp_path / "r.parquet", {"a": rng.normal(0, 1, 2000), "b": rng.normal(0, 1, 2000)}
    )
    cur = write_parquet(
        tmp_path / "c.parquet", {"a": rng.normal(1, 1, 500), "b": rng.normal(0, 1, 500)}
    )
    result = drift(
        DriftRequest(reference=str(ref), current=str(cur), features=("a", "b"), psi_threshold=0.2)
    )
    assert result.drifted == ("a",)
    assert drift_json(result)["drifted"] == ["a"]


# Values on a 0.001 grid (plus small integers, for ties): DuckDB's quantile_cont computes
# lo·(1 − d) + hi·d with a fused multiply-add and numpy computes lo + (hi − lo)·d, so an edge
# may differ in its last bit; that moves a value between bins only when two neighbouring
# reference values are within an ulp of each other, which a grid rules out.
_VALUE = st.one_of(
    st.integers(-(10**6), 10**6).map(lambda i: i / 1000),
    st.integers(-5, 5).map(float),
)


# 40: an example writes two data files and runs DuckDB on them.
@settings(max_examples=40)
@given(
    reference=st.lists(_VALUE, min_size=10, max_size=120),
    current=st.lists(_VALUE, min_size=1, max_size=80),
)
def test_psi_matches_numpy_on_generated_data(reference: list[float], current: list[float]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = measure(
            Path(folder),
            {"x": pa.array(reference, pa.float64())},
            {"x": pa.array(current, pa.float64())},
        )
    expected = numpy_psi(reference, current)
    assert result.window.psi["x"] == pytest.approx(expected, abs=1e-9, rel=1e-9)
