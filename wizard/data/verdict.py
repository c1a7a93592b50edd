"""The drift verdict ``drift`` prints: the spec's threshold and k-of-n rule applied to the
PSI of the key features on one current sample, over the windows the history keeps; a window
where a key feature's NULL, NaN and infinite values pass the spec's bound cannot be judged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.model.policy import DriftPolicy

__all__ = ["DriftSource", "DriftVerdict", "drift_verdict"]


@record
class DriftSource:
    """Where ``drift`` reads the reference and the current window: files, or tables (engine
    spark), on DuckDB or Spark."""

    reference: str | None
    current: str | None
    reference_table: str | None = None
    current_table: str | None = None
    engine: Literal["duckdb", "spark"] = "duckdb"
    spark: str | None = None

    @property
    def current_name(self) -> str:
        return str(self.current if self.current is not None else self.current_table)


@record
class DriftVerdict:
    retrain: bool
    cannot_judge: bool
    """A key feature's missing share passes the spec's bound: the window is not judged."""
    summary: str
    """One line for a person or a CI log."""
    report: dict[str, Any]
    """The ``--json`` object."""
    entry: dict[str, Any]
    """This window, as the history file records it."""


def drift_verdict(
    policy: DriftPolicy, source: DriftSource, history: Sequence[dict[str, Any]]
) -> DriftVerdict:
    """PSI of the key features on ``current``, judged by the spec's threshold and k-of-n rule
    over ``history`` (past windows, oldest first) and this window."""
    from wizard.data.calibration import DriftRequest, drift
    from wizard.data.report import missing_json
    from wizard.model.formatting import join_words, number

    def percent(share: float | None) -> str:
        return "-" if share is None else f"{number(round(share * 100, 1))} %"

    result = drift(
        DriftRequest(
            reference=source.reference,
            current=source.current,
            features=tuple(policy.key_features),
            psi_threshold=policy.psi_threshold,
            reference_table=source.reference_table,
            current_table=source.current_table,
            engine=source.engine,
            spark=source.spark,
        )
    )
    psi = dict(result.window.psi)
    drifted = list(result.drifted)
    breach = bool(drifted)
    rows = result.window.rows
    unjudged = result.window.unjudgeable(policy.max_missing_pct)
    rule = policy.window_rule
    if rule is None:
        breaches, looked_at, retrain = int(breach), 1, breach
    else:
        recent = [bool(entry["breach"]) for entry in history][-(rule.windows - 1) :]
        recent = [*recent, breach] if rule.windows > 1 else [breach]
        breaches, looked_at = sum(recent), len(recent)
        retrain = breach and breaches >= rule.breaches
    shown = ", ".join(
        f"{name} {number(round(value, 4))}" for name, value in psi.items() if value is not None
    )
    if retrain:
        why = f"PSI above {number(policy.psi_threshold)} on {join_words(drifted)}"
        if rule is not None:
            why += f", {breaches} of the last {looked_at} windows breached (rule: {rule.breaches})"
        summary = f"drift: retraining called for: {why} ({shown})"
    elif breach:
        needed = rule.breaches if rule is not None else 1
        summary = (
            f"drift: {join_words(drifted)} above {number(policy.psi_threshold)}, but only "
            f"{breaches} of the last {looked_at} windows breached (rule: {needed}): "
            f"no retraining yet ({shown})"
        )
    else:
        summary = f"drift: no key feature above {number(policy.psi_threshold)} ({shown})"
    if unjudged:
        # Missing data is never read as health: the window is refused, whatever the PSI of
        # the values that are there says (a drift verdict on them follows the reason).
        reasons = "; ".join(
            f"{name} is {percent(result.window.missing_values[name].share(rows))} missing"
            for name in unjudged
        )
        summary = (
            f"drift: cannot judge: {reasons} (bound {percent(policy.max_missing_pct / 100)})"
            + (f"; {summary.removeprefix('drift: ')}" if breach else "")
        )
    entry = {
        "current": source.current_name,
        "rows": rows,
        "psi": psi,
        "breach": breach,
        "cannot_judge": list(unjudged),
    }
    report = {
        "verdict": "cannot judge" if unjudged else "retrain" if retrain else "no drift",
        "cannot_judge": list(unjudged),
        "max_missing_pct": policy.max_missing_pct,
        "missing_values": missing_json(result.window.missing_values, rows),
        "retrain": retrain,
        "threshold": policy.psi_threshold,
        "psi": psi,
        "drifted": drifted,
        "breaches": breaches,
        "windows_considered": looked_at,
        "window_rule": None
        if rule is None
        else {"breaches": rule.breaches, "windows": rule.windows},
        "rows": rows,
    }
    return DriftVerdict(retrain, bool(unjudged), summary, report, entry)
