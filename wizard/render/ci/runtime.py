"""What the jobs run besides the stage commands, the same on every platform: installing this
package, the promotion gate and the drift check (``mlops-wizard gate`` / ``drift`` on the
committed spec, so the policy is never pasted into the pipeline), the ids handed from job
to job, the cloud a job logs in to, and where the monitoring job's windows are.

Scripts here are POSIX shell; each platform only says how a variable reaches them.
"""

from __future__ import annotations

import wizard
from wizard.io.decision_log import DEFAULT_LOG
from wizard.model.design import Design
from wizard.model.files import ARCHITECTURE_YAML

#: The variable that says what to install; a path to a wheel works as well as a pin.
REQUIREMENT_VARIABLE = "MLOPS_WIZARD_REQUIREMENT"
SPEC_VARIABLE = "MLOPS_SPEC"
#: The dotenv file a stage writes ``KEY=value`` lines into for the jobs after it.
OUTPUTS_VARIABLE = "MLOPS_OUTPUTS"
OUTPUTS_FILE = "mlops-outputs.env"
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
#: The monitoring job's own schedule (daily, UTC); retraining keeps its own cron.
MONITORING_CRON = "17 5 * * *"
_MONITORING_CRON_ALTERNATIVE = "47 5 * * *"

#: Stages that read the training data, the registry or a deployment, so they log in to the
#: cloud; evaluation and the gate work on what the training job handed on.
CLOUD_STAGES = frozenset(
    {"validate_data", "train_model", "register_model", "deploy_staging", "promote_production"}
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

INSTALL_WIZARD = f'python -m pip install "${REQUIREMENT_VARIABLE}"'
#: A change above the human-review bound passes once a person has looked: the run is
#: started again with REVIEWED_BY set to who did.
REVIEWER_VARIABLE = "REVIEWED_BY"
GATE_COMMAND = (
    f'mlops-wizard gate "$EVALUATION_FILE" --spec "${SPEC_VARIABLE}" '
    f'${{{REVIEWER_VARIABLE}:+--reviewed-by "${REVIEWER_VARIABLE}"}}'
)
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
    }


def monitors_drift(design: Design) -> bool:
    """The monitoring job runs exactly when the design's Drift trigger is on (it is off while
    no monitoring tool captures production's inputs): one decision, read by every file."""
    return design.retraining.enabled("Drift") and design.out_of_scope is None


def monitoring_cron(retraining_cron: str | None) -> str:
    """The monitoring schedule, never the retraining one (the two runs are told apart by it)."""
    return _MONITORING_CRON_ALTERNATIVE if retraining_cron == MONITORING_CRON else MONITORING_CRON


def logs_in(design: Design, stage: str) -> bool:
    return design.cloud in LOGIN_CLOUDS and stage in CLOUD_STAGES


def fires_retraining(design: Design) -> bool:
    """Drift starts the retraining pipeline; off for a locked model, whose monitoring job
    only alerts (its drift trigger is not among the pipeline's triggers)."""
    return "drift" in design.pipeline.triggers


def monitor_script(fire: str, design: Design) -> str:
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
            '  echo "drift monitor: drift beyond the threshold; the model is locked, so nothing '
            'retrains: a change is a new release under change control"\n'
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
