"""The options behind each tool decision, weighed against this team's answers: how each
catalog tool fits the cloud, the maturity level and the workload, which one is the
runner-up, and why it lost. Tool Recommendations names the runner-up; the decision records
list every option.
"""

from __future__ import annotations

from wizard.engine.catalog import CATALOG, ToolInfo
from wizard.engine.practice_risks import TABULAR_KINDS, needs_online_features
from wizard.engine.resolve import Effective
from wizard.model.vocabulary import CLOUD_NAMES
from wizard.model.wording import count

#: Tools that run a cluster service the team must operate (a scheduler, a data gateway).
_OPERATED = frozenset({"airflow", "dagster", "kubeflow", "argo", "lakefs"})
#: Data validators that check table columns: no fit for images or text.
_TABULAR_VALIDATORS = frozenset({"great-expectations", "pandera", "tfdv"})


def objections(concern: str, info: ToolInfo, e: Effective, level: int) -> tuple[str, ...]:
    """What speaks against ``info`` for this team (empty: it fits)."""
    against = []
    if e.cloud not in info.cloud_fit:
        native = ", ".join(CLOUD_NAMES[fit] for fit in info.cloud_fit)
        against.append(f"native to {native}, not {CLOUD_NAMES[e.cloud]}")
    tabular_only = concern == "data_validation" and info.id in _TABULAR_VALIDATORS
    if tabular_only and e.model_kind not in TABULAR_KINDS:
        against.append("checks table columns, and this model's inputs are not tables")
    if info.id in _OPERATED and level <= 1:
        against.append(f"a service to run, heavy for a level-{level} team")
    if info.licence.startswith("proprietary") and info.id != e.ci_platform:
        against.append("a proprietary hosted service")
    if concern == "monitoring" and e.late_labels and info.id != "nannyml":
        against.append(
            f"no performance estimate while labels are {count(e.label_delay_days, 'day')} late"
        )
    if concern == "feature_store" and not needs_online_features(e):
        against.append("no features computed at request time for it to serve")
    return tuple(against)


def merits(concern: str, info: ToolInfo, e: Effective) -> tuple[str, ...]:
    """What speaks for ``info`` for this team, beyond fitting its cloud."""
    merits = []
    if info.cloud_fit == (e.cloud,):
        merits.append(f"managed on {CLOUD_NAMES[e.cloud]}, nothing to operate")
    if info.id == e.ci_platform:
        merits.append("the CI platform the team already runs")
    if concern == "monitoring" and e.late_labels and info.id == "nannyml":
        merits.append(
            f"estimates performance while labels are {count(e.label_delay_days, 'day')} late"
        )
    if concern == "model_registry" and info.id == e.tools["experiment_tracking"]:
        merits.append("the same service as the tracker, so versions link to their runs")
    return tuple(merits)


def verdict(concern: str, info: ToolInfo, e: Effective, level: int) -> str:
    """How ``info`` fits this team, in a few words."""
    against = objections(concern, info, e, level)
    if against:
        return "; ".join(against)
    return f"fits: {info.description[:1].lower()}{info.description[1:].rstrip('.')}"


def options(concern: str) -> tuple[ToolInfo, ...]:
    """Every real tool the catalog offers for ``concern`` (``none`` left out)."""
    return tuple(info for tool, info in CATALOG[concern].items() if tool != "none")


def runner_up(concern: str, chosen: str, e: Effective, level: int) -> tuple[ToolInfo, str]:
    """The best option after ``chosen`` (fewest objections, catalog order on ties), and why
    it is not the pick."""
    others = [info for info in options(concern) if info.id != chosen]
    best = min(others, key=lambda info: len(objections(concern, info, e, level)))
    against = objections(concern, best, e, level)
    if against:
        return best, "; ".join(against)
    pick = CATALOG[concern][chosen].name if chosen in CATALOG[concern] else chosen
    good = merits(concern, best, e)
    if good:
        return best, f"worth weighing against {pick}: {'; '.join(good)}"
    return best, "fits too"
