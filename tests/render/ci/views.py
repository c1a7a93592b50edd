"""Read a generated pipeline back, the same questions asked of every platform: which jobs run
in which order, what they run, and whether the gate, canary, schedule and drift trigger are
there. The tests assert on these answers, not on the YAML text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from wizard.render.ci.azure import MONITORING_SCHEDULE
from wizard.render.ci.runtime import (
    CARRY_IDS,
    CHECK_JOB,
    GATE_COMMAND,
    INSTALL_WIZARD,
    MONITOR_JOB,
)

_GITLAB_KEYWORDS = {"workflow", "default", "stages", "variables", "include", "image"}


@dataclass(frozen=True)
class PipelineView:
    platform: str
    document: dict[str, Any]

    @classmethod
    def parse(cls, platform: str, text: str) -> PipelineView:
        return cls(platform, yaml.safe_load(text))

    # --- jobs ---------------------------------------------------------------------------

    def stage_jobs(self) -> list[tuple[str, list[str]]]:
        """(stage name, the stages it waits for) in file order; canary jobs and the design
        check (``first_job``) left out."""
        return [
            (name, [need for need in needs if need != CHECK_JOB])
            for name, needs in self._jobs()
            if name != CHECK_JOB
        ]

    def first_job(self) -> str:
        """The job the first stage waits for: the design check, where there is one."""
        jobs = self._jobs()
        if self.platform == "gitlab-ci":  # stages run in the order the file lists them
            return next(stage for stage in self.document["stages"] if stage != "monitor")
        first_stage = next(name for name, needs in jobs if name != CHECK_JOB)
        needs = dict(jobs)[first_stage]
        if self.platform == "azure-pipelines" and not needs:  # the stage before it
            names = [name for name, _ in jobs]
            return names[names.index(first_stage) - 1]
        return needs[0]

    def _jobs(self) -> list[tuple[str, list[str]]]:
        if self.platform == "github-actions":
            return [
                (name, _as_list(job.get("needs")))
                for name, job in self.document["jobs"].items()
                if name != MONITOR_JOB
            ]
        if self.platform == "gitlab-ci":
            return [
                (name, list(job.get("needs", [])))
                for name, job in self._gitlab_jobs().items()
                if job["stage"] not in ("canary", "rollback", "monitor")
            ]
        return [
            (stage["stage"], _as_list(stage.get("dependsOn")))
            for stage in self.document["stages"]
            if stage["stage"] != MONITOR_JOB
        ]

    def scripts(self, stage: str) -> list[str]:
        """Every shell script the stage's job runs, in order, after its set-up (the installs,
        the cloud login, taking the ids it was handed) and before it hands its ids on."""
        if self.platform == "github-actions":
            steps = self.document["jobs"][stage]["steps"]
            found = [step["run"] for step in steps if "run" in step and step.get("id") != "ids"]
            found = [script for script in found if script != INSTALL_WIZARD]
            if any(step.get("name") == "Install" for step in steps):
                found = found[1:]
        elif self.platform == "gitlab-ci":
            found = list(self._gitlab_jobs()[stage]["script"])
        else:
            found = [
                step.get("bash") or step["inputs"]["inlineScript"]
                for step in self._azure_steps(stage)
                if "bash" in step or "inlineScript" in step.get("inputs", {})
            ]
            found = [
                script
                for script in found
                if script != INSTALL_WIZARD and not script.startswith("while IFS")
            ]
            if any(step.get("displayName") == "Install" for step in self._azure_steps(stage)):
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
        return GATE_COMMAND in scripts and scripts.index(GATE_COMMAND) > 0

    def has_approval_gate(self) -> bool:
        if self.platform == "github-actions":
            job = self.document["jobs"].get("promote_production", {})
            return job.get("environment") == {"name": "production"}
        if self.platform == "gitlab-ci":
            job = self._gitlab_jobs().get("promote_production", {})
            when = _gitlab_when(job)
            return when.get("when") == "manual" and when.get("allow_failure") is False
        stage = self._azure_stage("promote_production")
        jobs = stage["jobs"] if stage else []
        return any(
            job.get("pool") == "server"
            and any(step.get("task") == "ManualValidation@1" for step in job["steps"])
            for job in jobs
        )

    def canary_percents(self) -> list[int]:
        if self.platform == "gitlab-ci":
            jobs = self._gitlab_jobs()
            scripts = [line for job in jobs.values() for line in job["script"]]
        elif "promote_production" in dict(self.stage_jobs()):
            scripts = self.scripts("promote_production")
        else:
            scripts = []
        prefix = "make canary PERCENT="
        return [int(script.removeprefix(prefix)) for script in scripts if script.startswith(prefix)]

    def health_checks(self) -> list[int]:
        prefix = "make canary-check PERCENT="
        if self.platform == "gitlab-ci":
            scripts = [line for job in self._gitlab_jobs().values() for line in job["script"]]
        elif "promote_production" in dict(self.stage_jobs()):
            scripts = self.scripts("promote_production")
        else:
            scripts = []
        return [int(script.removeprefix(prefix)) for script in scripts if script.startswith(prefix)]

    def has_rollback(self) -> bool:
        if self.platform == "gitlab-ci":
            job = self._gitlab_jobs().get("rollback")
            return job is not None and _gitlab_when(job).get("when") == "on_failure"
        if "promote_production" not in dict(self.stage_jobs()):
            return False
        if self.platform == "github-actions":
            steps = self.document["jobs"]["promote_production"]["steps"]
            return any(step.get("if") == "failure()" for step in steps)
        return any(
            step.get("condition") == "failed()" for step in self._azure_steps("promote_production")
        )

    def schedule_cron(self) -> str | None:
        if self.platform == "github-actions":
            crons = [item["cron"] for item in self.document["on"].get("schedule", [])]
            # The monitoring job runs on its own cron, the one its condition names.
            monitor = self.document["jobs"].get(MONITOR_JOB, {}).get("if", "")
            retraining = [cron for cron in crons if f"'{cron}'" not in monitor]
            return retraining[0] if retraining else None
        if self.platform == "gitlab-ci":
            has_rule = any("schedule" in rule["if"] for rule in self._gitlab_rules())
            return self.variables().get("RETRAINING_CRON") if has_rule else None
        schedules = [
            item["cron"]
            for item in self.document.get("schedules", [])
            if item["displayName"] != MONITORING_SCHEDULE
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
