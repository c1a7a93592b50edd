"""``--engine spark``: the session and the inputs it reads (Parquet paths or globs, tables),
with every Spark or Java failure turned into one ``DataError`` line. pyspark is imported here
and in ``wizard.data.spark`` only, never on the DuckDB path."""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.data.errors import DataError, join_lines, quoted

if TYPE_CHECKING:
    from wizard.data.requests import CalibrationRequest

__all__ = ["SparkSource", "check_spark_request", "run", "spark_session"]


def _import() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DataError(
            "engine spark: pyspark is not installed (allowed: pip install 'mlops-wizard[spark]')"
        ) from None
    return SparkSession


def spark_session(url: str | None) -> Any:
    """The active session, or a new one: Spark Connect at ``url``, else local."""
    session_class = _import()
    try:
        if url is not None:
            if not url.startswith("sc://"):
                raise DataError(
                    f"--spark: {quoted(url)} is not a Spark Connect URL (allowed: sc://host:port)"
                )
            return session_class.builder.remote(url).getOrCreate()
        active = session_class.getActiveSession()
        if active is not None:
            return active
        session = (
            session_class.builder.master("local[*]")
            .appName("mlops-wizard")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        return session
    except DataError:
        raise
    except Exception as error:  # py4j, Java not found, Connect dependencies missing, ...
        raise DataError(f"engine spark: could not start a session ({_short(error)})") from None


def _short(error: BaseException) -> str:
    text = join_lines(str(error).split("\n\tat ")[0])
    return text[:400]


def check_spark_request(request: CalibrationRequest) -> None:
    for argument in (request.reference, request.current, request.history):
        if argument is not None and not _is_parquet(argument):
            raise DataError(
                f"{quoted(argument)}: engine spark reads Parquet paths or tables (allowed: a "
                ".parquet path or glob, or --reference-table/--current-table/--history-table)"
            )


def _is_parquet(argument: str) -> bool:
    lowered = argument.lower().rstrip("/")
    return lowered.endswith((".parquet", ".pq")) or os.path.isdir(argument)


# --- reading --------------------------------------------------------------------------------


def _duckdb_type(spark_type: Any) -> str:
    """A Spark type as the DuckDB type name the rest of the data stage reads."""
    name = type(spark_type).__name__
    simple = {
        "DoubleType": "DOUBLE",
        "FloatType": "FLOAT",
        "LongType": "BIGINT",
        "IntegerType": "INTEGER",
        "ShortType": "SMALLINT",
        "ByteType": "TINYINT",
        "StringType": "VARCHAR",
        "VarcharType": "VARCHAR",
        "CharType": "VARCHAR",
        "BooleanType": "BOOLEAN",
        "DateType": "DATE",
        "TimestampType": "TIMESTAMP WITH TIME ZONE",
        "TimestampNTZType": "TIMESTAMP",
    }
    if name == "DecimalType":
        return f"DECIMAL({spark_type.precision},{spark_type.scale})"
    return simple.get(name, spark_type.simpleString().upper())


class SparkSource:
    """A Parquet path (or glob) or a table, read as one DataFrame."""

    def __init__(self, spark: Any, role: str, path: str | None, table: str | None) -> None:
        self.role, self.path, self.table = role, path, table
        self.argument = path if path is not None else str(table)
        self.files: tuple[str, ...] = ()
        try:
            if table is not None:
                self.frame = spark.table(table)
            else:
                assert path is not None
                if "://" not in path:
                    found = (
                        sorted(glob.glob(path, recursive=True)) if glob.has_magic(path) else [path]
                    )
                    if not found or not all(os.path.exists(p) for p in found):
                        raise DataError(f"{quoted(path)}: no such file (the {role} data)")
                    self.files = tuple(p for p in found if os.path.isfile(p))
                self.frame = spark.read.parquet(path)
        except DataError:
            raise
        except Exception as error:
            raise DataError(f"{self.where}: reading it failed: {_short(error)}") from None
        self.types = {f.name: _duckdb_type(f.dataType) for f in self.frame.schema.fields}

    @property
    def where(self) -> str:
        return quoted(self.argument) if self.table is None else f"table {quoted(self.argument)}"

    def require(self, wanted: Mapping[str, str]) -> None:
        from wizard.data.errors import no_column

        for name, role in wanted.items():
            if name not in self.types:
                raise no_column(self.where, name, role, list(self.types))


def run(where: str, doing: str, action: Any) -> Any:
    try:
        return action()
    except DataError:
        raise
    except Exception as error:
        raise DataError(f"{where}: {doing} failed: {_short(error)}") from None
