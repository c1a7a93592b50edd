"""Read a generated pipeline back, the same questions asked of every platform: which jobs run
in which order, what they run, and whether the gate, canary, schedule and drift trigger are
there. The tests assert on these answers, not on the YAML text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from wizard.render.ci.gate import GATE_STEP_NAME

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
        """(stage name, the stages it waits for) in file order; canary jobs left out."""
        if self.platform == "github-actions":
            return [
                (name, _as_list(job.get("needs"))) for name, job in self.document["jobs"].items()
            ]
        if self.platform == "gitlab-ci":
            return [
                (name, list(job.get("needs", [])))
                for name, job in self._gitlab_jobs().items()
                if job["stage"] not in ("canary", "rollback")
            ]
        return [
            (stage["stage"], _as_list(stage.get("dependsOn"))) for stage in self.document["stages"]
        ]

    def scripts(self, stage: str) -> list[str]:
        """Every shell script the stage's job runs, in order."""
        if self.platform == "github-actions":
            return [step["run"] for step in self.document["jobs"][stage]["steps"] if "run" in step]
        if self.platform == "gitlab-ci":
            return list(self._gitlab_jobs()[stage]["script"])
        return [step["bash"] for step in self._azure_steps(stage) if "bash" in step]

    def variables(self) -> dict[str, Any]:
        key = {"github-actions": "env", "gitlab-ci": "variables"}.get(self.platform, "variables")
        return dict(self.document.get(key, {}))

    # --- optional parts ---------------------------------------------------------------

    def has_gate_step(self) -> bool:
        if self.platform == "github-actions":
            jobs = self.document["jobs"]
            steps = jobs["evaluate_model"]["steps"] if "evaluate_model" in jobs else []
            return any(step.get("name") == GATE_STEP_NAME for step in steps)
        if self.platform == "gitlab-ci":
            job = self._gitlab_jobs().get("evaluate_model")
            return job is not None and any("PROMOTION_GATE" in line for line in job["script"])
        steps = self._azure_steps("evaluate_model") if self._azure_stage("evaluate_model") else []
        return any(step.get("displayName") == GATE_STEP_NAME for step in steps)

    def has_approval_gate(self) -> bool:
        if self.platform == "github-actions":
            job = self.document["jobs"].get("promote_production", {})
            return job.get("environment") == {"name": "production"}
        if self.platform == "gitlab-ci":
            job = self._gitlab_jobs().get("promote_production", {})
            return job.get("when") == "manual" and job.get("allow_failure") is False
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
            return job is not None and job["when"] == "on_failure"
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
            schedule = self.document["on"].get("schedule")
            return schedule[0]["cron"] if schedule else None
        if self.platform == "gitlab-ci":
            has_rule = any("schedule" in rule["if"] for rule in self._gitlab_rules())
            return self.variables().get("RETRAINING_CRON", "") if has_rule else None
        schedules = self.document.get("schedules")
        return schedules[0]["cron"] if schedules else None

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


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
