"""The data commands: ``calibrate`` tunes the thresholds on the team's own data; ``drift``
enforces the committed spec's drift trigger in CI (``gate`` is in ``wizard.cli.run_time``)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from wizard.cli.command import Command, json_option
from wizard.cli.documents import read_answers
from wizard.cli.output import EXIT_OK, EXIT_POLICY_SAYS_NO, PROG, BadInput, say
from wizard.cli.run_time import DEFAULT_SPEC, window_options

#: Seconds between two redraws of the progress bar.
_REDRAW = 0.1


class _ProgressBar:
    """``calibrate  [#####.....]  12/52`` on standard error, redrawn in place, only when it
    is a terminal (a log gets nothing)."""

    def __init__(self) -> None:
        self.shown = False
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        now = time.monotonic()
        if done < total and now - self._last < _REDRAW:
            return
        self._last = now
        filled = int(30 * done / total) if total else 30
        sys.stderr.write(f"\rcalibrate  [{'#' * filled}{'.' * (30 - filled)}]  {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _features(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not names:
        raise BadInput("--features: no feature named (allowed: comma-separated column names)")
    return names


def run_calibrate(args: argparse.Namespace) -> int:
    from wizard.calibration import (
        CalibrationInputs,
        NoFeatures,
        calibration_request,
        run_calibration,
        with_calibration,
    )

    # With --sql a local file may sit beside its table: the file gives the column types, the
    # query names the table.
    both = args.sql is not None
    currents = (args.current is not None, args.current_table is not None)
    histories = (args.history is not None, args.history_table is not None)
    if any(currents) == any(histories) or (not both and (all(currents) or all(histories))):
        raise BadInput(
            "give --current DATA or --history DATA (or --current-table/--history-table TABLE) "
            "(allowed: exactly one of them)"
        )
    references = (args.reference is not None, args.reference_table is not None)
    if not any(references) or (not both and all(references)):
        raise BadInput(
            "give --reference DATA or --reference-table TABLE (allowed: exactly one of them)"
        )
    if (args.history is not None or args.history_table is not None) and args.timestamp is None:
        raise BadInput("--history needs --timestamp COLUMN (allowed: the column of event times)")
    _check_engine(args)
    if (args.label is None) != (args.prediction is None):
        raise BadInput("--label and --prediction go together (allowed: both, or neither)")
    if args.apply and not args.write:
        args.write = True  # --apply records what it applied
    if args.write and args.answers == "-":
        raise BadInput("--write: the answers come from standard input (allowed: a file)")
    if args.target_false_alarms <= 0:
        raise BadInput("--target-false-alarms: must be above 0 (allowed: false alarms a year)")
    answers = read_answers(args.answers)
    inputs = CalibrationInputs(
        reference=args.reference,
        current=args.current,
        history=args.history,
        reference_table=args.reference_table,
        current_table=args.current_table,
        history_table=args.history_table,
        engine=args.engine,
        spark=args.spark,
        timestamp=args.timestamp,
        features=_features(args.features),
        label=args.label,
        prediction=args.prediction,
        target_false_alarms_per_year=args.target_false_alarms,
        memory_limit=args.memory_limit,
    )
    bar = _ProgressBar()
    try:
        request = calibration_request(answers, inputs, progress=bar)
    except NoFeatures as problem:
        raise BadInput(str(problem)) from None
    if args.sql is not None:
        from wizard.data import calibration_sql_for

        text_features = _features(args.text_features)
        query = calibration_sql_for(
            request, args.sql, names=args.sql_names, text_features=text_features
        )
        sys.stdout.write(_printable_sql(query) + "\n")
        return EXIT_OK
    try:
        report = run_calibration(request)
    finally:
        bar.close()
    if args.json:
        from wizard.model.text import visible_json

        sys.stdout.write(visible_json(json.dumps(report, indent=2, ensure_ascii=False)) + "\n")
    else:
        from wizard.render.calibration_report import calibration_text

        say(calibration_text(report, request.psi_threshold).rstrip("\n"))
    if args.write:
        from wizard.io.saving import save_answers

        save_answers(Path(args.answers), with_calibration(answers, report, apply=args.apply))
        what = "calibration and the PSI threshold" if args.apply else "calibration"
        say(f"wrote {what} to {args.answers}", sys.stderr)
    return EXIT_OK


def _check_engine(args: argparse.Namespace) -> None:
    """Tables are read by Spark, or named in the printed SQL; DuckDB reads files."""
    tables = [getattr(args, name, None) for name in _TABLES]
    if args.spark is not None and args.engine != "spark":
        raise BadInput(
            "--spark URL needs --engine spark (allowed: --engine spark --spark sc://...)"
        )
    if any(tables) and args.engine == "duckdb" and getattr(args, "sql", None) is None:
        raise BadInput(
            "a --*-table option needs --engine spark or --sql DIALECT (allowed: DuckDB reads "
            "files: --reference/--current/--history DATA)"
        )


_TABLES = ("reference_table", "current_table", "history_table")


def _engine_options(parser: argparse.ArgumentParser, history: bool) -> None:
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="where the data is read and counted (default: duckdb; spark needs pyspark: "
        "pip install 'mlops-wizard[spark]')",
    )
    parser.add_argument(
        "--spark",
        metavar="URL",
        help="with --engine spark: a Spark Connect URL, sc://host:port (default: a local session)",
    )
    parser.add_argument(
        "--reference-table", metavar="TABLE", help="the reference as a table (engine spark, --sql)"
    )
    parser.add_argument("--current-table", metavar="TABLE", help="the current sample as a table")
    if history:
        parser.add_argument(
            "--history-table", metavar="TABLE", help="the history as a table (with --timestamp)"
        )


def _calibrate_options(calibrate: argparse.ArgumentParser) -> None:
    calibrate.add_argument("--answers", required=True, metavar="FILE", help="the answers file")
    calibrate.add_argument("--reference", metavar="DATA", help="the stable sample (path or glob)")
    calibrate.add_argument("--current", metavar="DATA", help="one current sample")
    calibrate.add_argument("--history", metavar="DATA", help="a history with timestamps")
    _engine_options(calibrate, history=True)
    calibrate.add_argument("--timestamp", metavar="COLUMN", help="the history's time column")
    calibrate.add_argument(
        "--features", metavar="A,B", help="columns to measure (default: the key features)"
    )
    calibrate.add_argument("--label", metavar="COLUMN", help="ground truth, for accuracy")
    calibrate.add_argument("--prediction", metavar="COLUMN", help="the model's prediction")
    json_option(calibrate)
    calibrate.add_argument(
        "--write", action="store_true", help="record the results under calibration: in FILE"
    )
    calibrate.add_argument(
        "--apply", action="store_true", help="also set the PSI threshold to the recommendation"
    )
    calibrate.add_argument(
        "--sql",
        metavar="DIALECT",
        help="print the computation as one SQL query: duckdb, spark, bigquery or snowflake",
    )
    calibrate.add_argument(
        "--sql-names",
        choices=("default", "exact", "upper", "lower"),
        default="default",
        help="with --sql: the case of table and column names (default: as the warehouse stores "
        "an unquoted name: upper case in Snowflake, as given elsewhere)",
    )
    calibrate.add_argument(
        "--text-features",
        metavar="A,B",
        help="with --sql over tables only: the features that are text or booleans (the others "
        "are numbers)",
    )
    calibrate.add_argument(
        "--target-false-alarms",
        type=float,
        default=4.0,
        metavar="N",
        help="false alarms a year the threshold aims for, across the features (default: 4)",
    )
    calibrate.add_argument(
        "--memory-limit", metavar="SIZE", help="DuckDB's memory limit, e.g. 2GB (default: 80%%)"
    )


def run_drift(args: argparse.Namespace) -> int:
    """PSI of the spec's key features on a current sample, the spec's threshold and window
    rule: 0 no retraining called for, 4 retraining called for or the window cannot be judged
    (a key feature's missing share past the spec's bound)."""
    from wizard.cli.run_time import open_drift_window
    from wizard.data.verdict import DriftSource, drift_verdict

    if (args.reference is None) == (args.reference_table is None):
        raise BadInput(
            "give --reference DATA or --reference-table TABLE (allowed: exactly one of them)"
        )
    if (args.current is None) == (args.current_table is None):
        raise BadInput(
            "give --current DATA or --current-table TABLE (allowed: exactly one of them)"
        )
    _check_engine(args)
    window = open_drift_window(args)
    source = DriftSource(
        reference=args.reference,
        current=args.current,
        reference_table=args.reference_table,
        current_table=args.current_table,
        engine=args.engine,
        spark=args.spark,
    )
    verdict = drift_verdict(window.policy, source, window.past)
    window.record(verdict)
    if args.json:
        sys.stdout.write(json.dumps(verdict.report, indent=2, sort_keys=True) + "\n")
    else:
        say(verdict.summary)
    # Exit 4 also when the window cannot be judged: CI must never read it as "all well".
    return EXIT_POLICY_SAYS_NO if verdict.retrain or verdict.cannot_judge else EXIT_OK


def _drift_options(drift: argparse.ArgumentParser) -> None:
    drift.add_argument("--reference", metavar="DATA", help="the stable sample")
    drift.add_argument("--current", metavar="DATA", help="the window to judge")
    _engine_options(drift, history=False)
    drift.add_argument("--spec", default=DEFAULT_SPEC, metavar="FILE", help="the committed spec")
    drift.add_argument(
        "--history", metavar="FILE", help="past windows for the k-of-n rule; this one is added"
    )
    window_options(drift)
    json_option(drift, "the verdict as JSON")


DATA_COMMANDS: tuple[Command, ...] = (
    Command(
        "calibrate",
        "tune the drift thresholds on your own data and replay the triggers over its history",
        f"{PROG} calibrate --answers mlops-answers.yaml --reference train.parquet "
        "--history 'scores/*.parquet' --timestamp scored_at --write",
        run_calibrate,
        _calibrate_options,
    ),
    Command(
        "drift",
        "in CI or a monitoring job: PSI of the key features, and whether retraining is called "
        "for (exit 4: yes)",
        f"{PROG} drift --reference data/train.parquet --current today.parquet "
        "--history monitoring/drift.jsonl",
        run_drift,
        _drift_options,
    ),
)


def _printable_sql(sql: str) -> str:
    """The query as written, or a refusal when a path or column in it holds a control
    character: escaping it would print a query that names another file or column, and
    printing it raw would hand the terminal an escape sequence."""
    for line in sql.split("\n"):
        if not line.replace("\t", " ").isprintable():
            raise BadInput(
                f"--sql: the query line {line.strip()!s} holds a control character (printed "
                "escaped here); rename the file or column it names"
            )
    return sql
