"""What the jobs run besides the stage commands, the same on every platform: installing this
package, the promotion gate and the drift check (``mlops-wizard gate`` / ``drift`` on the
committed spec, so the policy is never pasted into the pipeline), the ids handed from job
to job, the cloud a job logs in to, and where the monitoring job's windows are.

Scripts here are POSIX shell; each platform only says how a variable reaches them.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable

import wizard
from wizard.io.decision_log import DEFAULT_LOG
from wizard.model.catalog import Credential, catalog_entry
from wizard.model.design import Design
from wizard.model.files import ARCHITECTURE_YAML, STAGE_TARGETS
from wizard.render.ci import common
from wizard.render.ci.common import as_platform_cron, schedule_cron

#: The variable that says what to install; a path to a wheel works as well as a pin.
REQUIREMENT_VARIABLE = "MLOPS_WIZARD_REQUIREMENT"
SPEC_VARIABLE = "MLOPS_SPEC"
#: The dotenv file a stage writes ``KEY=value`` lines into for the jobs after it.
OUTPUTS_VARIABLE = "MLOPS_OUTPUTS"
OUTPUTS_FILE = "mlops-outputs.env"
#: GNU make reads the files this names before the Makefile, and when there is none: every
#: ``make <target>`` of the pipeline finds mlops.mk's targets in a repository without a
#: Makefile, or whose Makefile does not include it (mlops.mk guards against a second read).
MAKEFILES_VARIABLE = "MAKEFILES"
#: The ids a later job needs: the training run, then the registered model version.
HANDED_IDS = ("RUN_ID", "MODEL_VERSION")

MONITOR_JOB = "monitor_drift"
#: The pipeline's first job: whether the repository still follows its committed design.
CHECK_JOB = "check"
CHECK_COMMAND = "mlops-wizard check"
CHECK_STEP_NAME = "Design check: mlops-wizard check on the committed design"
#: The decision log gate and drift append to, kept as each job's artifact for audit.
DECISION_LOG = DEFAULT_LOG
#: The drift check's windows and the history of past windows its k-of-n rule reads.
DRIFT_FILES = {
    "DRIFT_REFERENCE": "data/reference.csv",
    "DRIFT_CURRENT": "data/current.csv",
    "DRIFT_HISTORY": "monitoring/drift-history.jsonl",
}
#: The folder the platform's cache keeps from one monitoring run to the next, so the k-of-n
#: rule sees the past windows and not only today's.
HISTORY_FOLDER = DRIFT_FILES["DRIFT_HISTORY"].rsplit("/", 1)[0]
#: The minutes the monitoring job runs at: its cadence's (17), or 47 where the retraining
#: cron is the same, so a platform can tell the two scheduled runs apart.
_MINUTE = "17"
_OTHER_MINUTE = "47"

#: The comparator's scheduled run: its jobs find pending candidates by their mark.
COMPARATOR = "comparator"
#: The comparator's own schedule (daily, UTC), never the retraining or monitoring one.
COMPARATOR_CRON = "41 6 * * *"
_COMPARATOR_CRON_ALTERNATIVE = "11 7 * * *"

#: Jobs that read the training data, the registry, production's data or a deployment, so they
#: log in to the cloud: every stage but the design check, the release's jobs (as
#: ``promote_production``), the drift monitor and the comparator.
CLOUD_STAGES = frozenset(
    {
        "validate_data",
        "train_model",
        "evaluate_model",
        "register_model",
        "deploy_staging",
        "promote_production",
        MONITOR_JOB,
        COMPARATOR,
    }
)
#: Jobs that reach the tracker or the registry, so they get its URI and credentials: the
#: training run is logged, the candidate and production are read to compare them, the
#: version is registered and its mark moved.
TRACKER_STAGES = frozenset(
    {
        "train_model",
        "evaluate_model",
        "register_model",
        "deploy_staging",
        "promote_production",
        COMPARATOR,
    }
)
#: The ids each cloud's OpenID Connect login reads from the repository's variables, with
#: what each holds: the GitHub login steps and IMPLEMENTING.md both read this table.
CLOUD_LOGIN_IDS: dict[str, dict[str, str]] = {
    "aws": {
        "AWS_ROLE_ARN": "the IAM role the jobs assume; its trust policy admits this repository",
        "AWS_REGION": "the role's region",
    },
    "gcp": {
        "GCP_WORKLOAD_IDENTITY_PROVIDER": (
            "the workload identity provider, "
            "`projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`"
        ),
        "GCP_SERVICE_ACCOUNT": "the service account the jobs act as",
    },
    "azure": {
        "AZURE_CLIENT_ID": "the app registration with a federated credential for this repository",
        "AZURE_TENANT_ID": "its tenant",
        "AZURE_SUBSCRIPTION_ID": "the subscription the jobs work in",
    },
}
LOGIN_CLOUDS = frozenset(CLOUD_LOGIN_IDS)

#: The whole package, for a command no extra of it names.
INSTALL_WIZARD = f'python -m pip install "${REQUIREMENT_VARIABLE}"'
#: What each command the pipelines run needs beside the package: its extras, which
#: ``python -m wizard.requirements`` reads from the installed package's metadata.
COMMAND_EXTRAS: dict[str, tuple[str, ...]] = {
    "gate": ("headless",),
    "check": ("headless",),
    "log": ("headless",),
    "drift": ("headless", "data"),
}
_WIZARD_COMMAND = re.compile(r"\bmlops-wizard\s+(?P<command>[a-z][a-z-]*)")


def install_wizard(commands: Iterable[str]) -> tuple[str, ...]:
    """The lines that install what the ``mlops-wizard`` commands among ``commands`` need:
    the package without its dependencies, then its extras for them (so ``gate`` never pulls
    Textual, GitPython or DuckDB); the whole package for a command no extra names; nothing
    when no command of it runs. (pip would warn that the package's other dependencies are
    missing: that is the point, so the warning is off.)"""
    used = {match["command"] for text in commands for match in _WIZARD_COMMAND.finditer(text)}
    if not used:
        return ()
    if not used <= set(COMMAND_EXTRAS):
        return (INSTALL_WIZARD,)
    extras = dict.fromkeys(extra for command in sorted(used) for extra in COMMAND_EXTRAS[command])
    return (
        f'python -m pip install --no-deps "${REQUIREMENT_VARIABLE}"',
        "python -m pip install --no-warn-conflicts "
        f"$(python -m wizard.requirements {' '.join(extras)})",
    )


def guard_script(variables: Iterable[str], where: str, error_prefix: str = "") -> str:
    """Fails, one line per variable left empty, naming it and where to set it: the first
    step of a job that logs in, so a first run without them says so instead of a login
    error. Never ``exit 0``: GitLab runs it in one shell with the job's script."""
    lines = ["missing=0"]
    for name in variables:
        message = shlex.quote(f"{error_prefix}{name} is not set: set it as {where}")
        lines.append(f'if [ -z "${{{name}:-}}" ]; then echo {message}; missing=1; fi')
    lines.append('if [ "$missing" -ne 0 ]; then exit 1; fi')
    return "\n".join(lines) + "\n"


#: A change above the human-review bound passes once a person has looked: the run is
#: started again with REVIEWED_BY set to who did.
REVIEWER_VARIABLE = "REVIEWED_BY"
#: The gate where the file declares REVIEWED_BY (a run a person starts can say who reviewed).
GATE_COMMAND = (
    f'mlops-wizard gate "$EVALUATION_FILE" --spec "${SPEC_VARIABLE}" '
    f'${{{REVIEWER_VARIABLE}:+--reviewed-by "${REVIEWER_VARIABLE}"}}'
)
#: The gate where nothing can set REVIEWED_BY: no run is started by hand with a reviewer.
GATE_COMMAND_UNREVIEWED = f'mlops-wizard gate "$EVALUATION_FILE" --spec "${SPEC_VARIABLE}"'
GATE_COMMANDS = (GATE_COMMAND, GATE_COMMAND_UNREVIEWED)


def gate_command(declares_reviewer: bool) -> str:
    """The gate, reading REVIEWED_BY only where the file declares it: an unset variable the
    guide never names would be one more thing the team wonders how to set."""
    return GATE_COMMAND if declares_reviewer else GATE_COMMAND_UNREVIEWED


DRIFT_COMMAND = (
    'mlops-wizard drift --reference "$DRIFT_REFERENCE" --current "$DRIFT_CURRENT" '
    f'--spec "${SPEC_VARIABLE}" --history "$DRIFT_HISTORY"'
)
#: Starts the outputs file with the ids this job was handed, so they reach the next job too;
#: the stage appends its own (a later line wins).
CARRY_IDS = (
    f': > "${OUTPUTS_VARIABLE}"\n'
    f"for id in {' '.join(HANDED_IDS)}; do\n"
    '  value=$(printenv "$id" || true)\n'
    f'  if [ -n "$value" ]; then echo "$id=$value" >> "${OUTPUTS_VARIABLE}"; fi\n'
    "done\n"
)


def requirement() -> str:
    """The pin of the exporting version: the pipeline enforces the policy this version wrote."""
    return f"mlops-wizard=={wizard.__version__}"


def runtime_environment() -> dict[str, str]:
    """What every job sees, besides the policy values."""
    return {
        REQUIREMENT_VARIABLE: requirement(),
        SPEC_VARIABLE: ARCHITECTURE_YAML,
        OUTPUTS_VARIABLE: OUTPUTS_FILE,
        MAKEFILES_VARIABLE: STAGE_TARGETS,
    }


def monitoring_cron(design: Design) -> str:
    """The monitoring job's cron, from the design's cadence, never the retraining one (the
    two runs are told apart by it): a keyword cadence moves to minute 47 if it would match."""
    cron = as_platform_cron(design.monitoring.cron)
    if cron != schedule_cron(design):
        return cron
    minute, rest = cron.split(" ", 1)
    return f"{_OTHER_MINUTE} {rest}" if minute != _OTHER_MINUTE else f"{_MINUTE} {rest}"


def monitors_drift(design: Design) -> bool:
    """The monitoring job runs exactly when the design's Drift trigger is on (it is off while
    no monitoring tool captures production's inputs): one decision, read by every file."""
    return design.retraining.enabled("Drift") and design.out_of_scope is None


def logs_in(design: Design, stage: str) -> bool:
    return design.cloud in LOGIN_CLOUDS and stage in CLOUD_STAGES


def fires_retraining(design: Design) -> bool:
    """Drift starts the retraining pipeline; off for a locked model, whose monitoring job
    only alerts (its drift trigger is not among the pipeline's triggers)."""
    return "drift" in design.pipeline.triggers


def credentials(design: Design) -> tuple[Credential, ...]:
    """The variables the tracker's and the registry's clients read (their catalog entries),
    each once, in that order."""
    found: dict[str, Credential] = {}
    for concern in ("experiment_tracking", "model_registry"):
        try:
            tool = design.component(concern).tool
        except KeyError:
            continue
        for credential in catalog_entry(concern, tool).credentials:
            found.setdefault(credential.name, credential)
    return tuple(found.values())


def reaches_tracker(design: Design, stage: str) -> bool:
    """The job ``stage`` (a release job counts as ``promote_production``) gets the tracker's
    and the registry's variables."""
    return stage in TRACKER_STAGES and bool(credentials(design))


def comparator_cron(*taken: str | None) -> str:
    """The comparator's schedule, never one of the ``taken`` ones (retraining, monitoring)."""
    return _COMPARATOR_CRON_ALTERNATIVE if COMPARATOR_CRON in taken else COMPARATOR_CRON


def comparator_schedule(design: Design) -> str:
    """The comparator's cron for ``design``: neither its retraining nor its monitoring one."""
    retraining = common.schedule_cron(design)
    monitoring = monitoring_cron(design) if monitors_drift(design) else None
    return comparator_cron(retraining, monitoring)


#: The gate on the comparator's file: the promotion criteria on labelled live traffic.
COMPARE_GATE = f'mlops-wizard gate "$COMPARISON_FILE" --spec "${SPEC_VARIABLE}"'


def compare_script(command: str) -> str:
    """The comparator's check: ``command`` finds the candidate due (its mark, its labels
    back) and writes its comparison and ``MODEL_VERSION``; none due, nothing happens; else
    the promotion gate judges it (exit 4: it is worse, and the run rolls it back)."""
    return (
        f"{command}\n"
        f"if ! grep -q '^MODEL_VERSION=.' \"${OUTPUTS_VARIABLE}\"; then\n"
        '  echo "comparator: no candidate is due (none carries its mark with its labels back)"\n'
        "  exit 0\n"
        "fi\n"
        f"{COMPARE_GATE}\n"
    )


#: Where a run of the comparator finds no candidate due, the job that would complete one
#: (on a platform that cannot skip it) says so and stops there.
DUE_GUARD = (
    'if [ -z "${MODEL_VERSION:-}" ]; then\n'
    '  echo "comparator: no candidate is due; nothing to complete"\n'
    "  exit 0\n"
    "fi\n"
)


def monitor_script(design: Design, fire: str) -> str:
    """Runs ``drift``; exit 4 (retraining is called for) runs ``fire``, any other failure
    fails the job; the history file is the job's to keep between runs. A locked model's job
    fires nothing: it fails, and the failed job is the owner's alert."""
    if fires_retraining(design):
        called_for = (
            '  echo "drift monitor: retraining is called for; starting the retraining pipeline"\n'
            f"  {fire}\n"
        )
    else:
        called_for = (
            '  echo "drift monitor: the model is locked: open a change request; nothing '
            'retrains automatically"\n'
            '  exit "$status"\n'
        )
    return (
        f'mkdir -p "$(dirname "$DRIFT_HISTORY")"\n'
        "status=0\n"
        f"{DRIFT_COMMAND} || status=$?\n"
        'if [ "$status" -eq 4 ]; then\n'
        f"{called_for}"
        'elif [ "$status" -ne 0 ]; then\n'
        '  exit "$status"\n'
        "fi\n"
    )
