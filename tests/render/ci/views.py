"""Read a generated pipeline back, the same questions asked of every platform: which jobs run
in which order, what they run, and whether the gate, the release, the approval, the schedule
and the drift trigger are there. The tests assert on these answers, not on the YAML text
(the job graph itself: ``graph``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from tests.render.ci.graph import MAIN, Graph, graph_of
from wizard.model.answers import STAGE_ORDER
from wizard.render.ci.azure import COMPARATOR_SCHEDULE, MONITORING_SCHEDULE
from wizard.render.ci.runtime import (
    CARRY_IDS,
    CHECK_JOB,
    GATE_COMMANDS,
    INSTALL_WIZARD,
)

_GITLAB_KEYWORDS = {"workflow", "default", "stages", "variables", "include", "image"}
#: The jobs that stand for a pipeline with no stage to run.
_PLACEHOLDERS = ("no_stages", "not_covered")
#: The stages of the pipeline before its release (the release's jobs stand for the last).
_STAGES = (*(stage for stage in STAGE_ORDER if stage != "promote_production"), *_PLACEHOLDERS)


@dataclass(frozen=True)
class PipelineView:
    platform: str
    document: dict[str, Any]

    @classmethod
    def parse(cls, platform: str, text: str) -> PipelineView:
        return cls(platform, yaml.safe_load(text))

    # --- jobs ---------------------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        return graph_of(self.platform, self.document)

    def stage_jobs(self) -> list[tuple[str, list[str]]]:
        """(stage name, the stages it waits for) in file order, for the stages before the
        release; the design check left out (``first_job``)."""
        return [
            (name, [need for need in job.needs if need != CHECK_JOB])
            for name, job in self.graph.jobs.items()
            if name in _STAGES and job.run == MAIN
        ]

    def release_jobs(self) -> list[str]:
        """The pipeline's own run's jobs after its stages (the release and its rollback)."""
        return [
            name
            for name, job in self.graph.jobs.items()
            if job.run == MAIN and name not in (*_STAGES, CHECK_JOB)
        ]

    def first_job(self) -> str:
        """The job the first stage waits for: the design check, where there is one."""
        if self.platform == "gitlab-ci":  # stages run in the order the file lists them
            return next(
                stage for stage in self.document["stages"] if stage not in ("monitor", "comparator")
            )
        jobs = self.stage_jobs()
        first = jobs[0][0] if jobs else self.release_jobs()[0]
        return self.graph.jobs[first].needs[0]

    def scripts(self, stage: str) -> list[str]:
        """Every shell script the stage's job runs, in order, after its set-up (the installs,
        the cloud login, taking the ids it was handed) and before it hands its ids on."""
        found = list(self.graph.jobs[stage].scripts)
        found = [script for script in found if script != INSTALL_WIZARD]
        found = [script for script in found if not script.startswith(("while IFS", 'cat "$MLOPS'))]
        found = [script for script in found if not script.startswith('printf "%s" "$CLOUD_ID')]
        if self.platform == "github-actions":
            steps = self.document["jobs"][stage]["steps"]
            if any(step.get("name") == "Install" for step in steps):
                found = found[1:]
        elif self.platform == "azure-pipelines" and any(
            step.get("displayName") == "Install" for step in self._azure_steps(stage)
        ):
            found = found[1:]
        after_ids = found.index(CARRY_IDS) + 1 if CARRY_IDS in found else 0
        return found[after_ids:]

    def variables(self) -> dict[str, Any]:
        key = {"github-actions": "env", "gitlab-ci": "variables"}.get(self.platform, "variables")
        return dict(self.document.get(key, {}))

    # --- optional parts ---------------------------------------------------------------

    def has_gate_step(self) -> bool:
        """The evaluation job runs ``mlops-wizard gate`` after its own command."""
        if "evaluate_model" not in dict(self.stage_jobs()):
            return False
        scripts = self.scripts("evaluate_model")
        gates = [i for i, script in enumerate(scripts) if script in GATE_COMMANDS]
        return bool(gates) and gates[0] > 0

    def has_approval_gate(self) -> bool:
        """A job of the pipeline waits for a person (the release's signed step)."""
        return any(job.signed for job in self.graph.jobs.values())

    def _release_scripts(self) -> list[str]:
        return [
            script
            for job in self.graph.jobs.values()
            if job.name not in _STAGES
            for script in job.scripts
        ]

    def canary_percents(self) -> list[int]:
        prefix = "make canary PERCENT="
        return [
            int(script.removeprefix(prefix))
            for script in self._release_scripts()
            if script.startswith(prefix)
        ]

    def health_checks(self) -> list[int]:
        prefix = "make canary-check PERCENT="
        return [
            int(script.removeprefix(prefix))
            for script in self._release_scripts()
            if script.startswith(prefix)
        ]

    def has_rollback(self) -> bool:
        return any(
            "make rollback" in script
            for job in self.graph.jobs.values()
            if job.name.startswith("rollback")
            for script in job.scripts
        )

    def schedule_cron(self) -> str | None:
        if self.platform == "github-actions":
            crons = [item["cron"] for item in self.document["on"].get("schedule", [])]
            # The side runs (monitoring, the comparator) run on their own crons, the ones
            # their jobs' conditions name.
            conditions = " ".join(str(job.get("if", "")) for job in self.document["jobs"].values())
            retraining = [cron for cron in crons if f"'{cron}'" not in conditions]
            return retraining[0] if retraining else None
        if self.platform == "gitlab-ci":
            has_rule = any("schedule" in rule["if"] for rule in self._gitlab_rules())
            return self.variables().get("RETRAINING_CRON") if has_rule else None
        schedules = [
            item["cron"]
            for item in self.document.get("schedules", [])
            if item["displayName"] not in (MONITORING_SCHEDULE, COMPARATOR_SCHEDULE)
        ]
        return schedules[0] if schedules else None

    def has_drift_trigger(self) -> bool:
        if self.platform == "github-actions":
            dispatch = self.document["on"].get("repository_dispatch")
            return dispatch == {"types": ["drift-detected"]}
        if self.platform == "gitlab-ci":
            return any('"trigger"' in rule["if"] for rule in self._gitlab_rules())
        return any(
            parameter["name"] == "reason" for parameter in self.document.get("parameters", [])
        )

    def has_push_trigger(self) -> bool:
        if self.platform == "github-actions":
            return "push" in self.document["on"]
        if self.platform == "gitlab-ci":
            return any('"push"' in rule["if"] for rule in self._gitlab_rules())
        return self.document["trigger"] != "none"

    def push_paths(self) -> list[str]:
        """The paths whose change starts a run on push; empty: any change does."""
        if self.platform == "github-actions":
            return list(self.document["on"]["push"].get("paths", []))
        if self.platform == "gitlab-ci":
            rule = next(rule for rule in self._gitlab_rules() if '"push"' in rule["if"])
            return list(rule.get("changes", []))
        return list(self.document["trigger"].get("paths", {}).get("include", []))

    # --- platform details ---------------------------------------------------------------

    def _gitlab_jobs(self) -> dict[str, dict[str, Any]]:
        return {name: job for name, job in self.document.items() if name not in _GITLAB_KEYWORDS}

    def _gitlab_rules(self) -> list[dict[str, Any]]:
        return list(self.document["workflow"]["rules"])

    def _azure_stage(self, name: str) -> dict[str, Any] | None:
        for stage in self.document["stages"]:
            if stage["stage"] == name:
                return stage
        return None

    def _azure_steps(self, name: str) -> list[dict[str, Any]]:
        stage = self._azure_stage(name)
        assert stage is not None, name
        return [step for job in stage["jobs"] for step in job["steps"]]


def _gitlab_when(job: dict[str, Any]) -> dict[str, Any]:
    """When a job runs in a pipeline of its stages: the job's own keys, or its last rule
    (the rules before it keep the job out of the monitoring pipeline)."""
    if "rules" in job:
        return dict(job["rules"][-1])
    return {key: job[key] for key in ("when", "allow_failure") if key in job}


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
