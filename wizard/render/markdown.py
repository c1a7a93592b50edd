"""architecture.md: the design document, rendered section by section from the templates.

The interactive preview re-renders on every keystroke and compares sections to find the one
that changed, so each section has a stable id and is rendered on its own; joined, the
sections are exactly the document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from wizard.model.defaults import DEFAULT_SOURCES, stated_description
from wizard.model.design import CapabilityStatus, Design, Gap, MaturityAssessment
from wizard.model.records import record
from wizard.model.vocabulary import CHOSEN_BY_LABELS, CLOUD_PLACES, LEVEL_NAMES, SOURCE_LABELS
from wizard.model.wording import capitalize_first, on_place
from wizard.render.ci.registry import platform_of
from wizard.render.environment import template_environment
from wizard.render.lifecycle_words import lifecycle_rows, unchecked
from wizard.render.mermaid import render_flowchart
from wizard.render.signing import (
    UNSOURCED_DEFAULT,
    calibrated,
    monthly_cost,
    risk_owner,
    signing_risks,
    signing_rows,
)


@record
class MarkdownSection:
    id: str
    """Stable identifier, e.g. ``current-state``; the same for every design."""
    title: str
    """The section's heading text (the document title for the first section)."""
    text: str
    """The rendered Markdown, ending in a blank line except for the last section."""


#: Section id and heading, in the order DESIGN.md gives.
_HEADINGS: tuple[tuple[str, str], ...] = (
    ("title", "MLOps Architecture"),
    ("signing", "What you are signing"),
    ("current-state", "Current State"),
    ("proposed-architecture", "Proposed Architecture"),
    ("component-design", "Component Design"),
    ("experiment-tracking", "Experiment Tracking"),
    ("model-registry", "Model Registry"),
    ("ci-cd-pipeline", "CI/CD Pipeline"),
    ("automated-retraining", "Automated Retraining"),
    ("implementation-roadmap", "Implementation Roadmap"),
    ("tool-recommendations", "Tool Recommendations"),
    ("confidence-assessment", "Confidence Assessment"),
    ("risk-assessment", "Risk Assessment"),
    ("information-gaps", "Information Gaps"),
    ("caveats", "Caveats"),
)
#: Section id, heading and template: each section's template is named after its id, so the
#: name is derived rather than written again beside it.
SECTIONS: tuple[tuple[str, str, str], ...] = tuple(
    (section_id, heading, f"{section_id.replace('-', '_')}.md.j2")
    for section_id, heading in _HEADINGS
)

#: What a run can record, and why each matters (the Experiment Tracking table).
TRACKED_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("hyperparameters", "Hyperparameters", "compare runs and reproduce the best one"),
    ("metrics", "Metrics", "training and validation curves; the evaluation the promotion uses"),
    ("artifacts", "Artifacts", "model files, plots and evaluation reports next to the run"),
    ("code_version", "Code version", "the git commit that trained the model"),
    ("data_version", "Data version", "the exact data set the model saw (lineage, audits)"),
    ("environment", "Environment", "package versions, so training can be rerun elsewhere"),
)


def _basis_function(design: Design) -> Callable[[str], str]:
    """``basis(key)``: where a threshold's value came from, citing the public source of a
    default where there is one."""
    defaulted = {gap.key for gap in design.gaps}
    threshold_calibrated = calibrated(design.calibration)

    def basis(key: str) -> str:
        if key == "retraining.drift.psi_threshold" and threshold_calibrated:
            return "calibrated on your data"
        if key not in defaulted:
            return "your answer"
        source = DEFAULT_SOURCES.get(key)
        return f"default: {source}" if source else UNSOURCED_DEFAULT

    return basis


#: Answers that only change how the pipeline is wired, not what the lead signs.
WIRING_KEYS: frozenset[str] = frozenset(
    {"cicd.commands", "cicd.install", "cicd.runner", "cicd.python"}
)

#: From this many unknown answers in one section, Information Gaps shows the section as one row.
COLLAPSE_SECTION_FROM = 5


def gap_rows(gaps: tuple[Gap, ...]) -> list[tuple[tuple[str, ...], str]]:
    """The Information Gaps rows: gaps of one section (``maturity``) with the same assumed
    value share a row, so seven unknown capabilities read as one line, not seven."""
    rows: list[tuple[list[str], str]] = []
    sections = Counter(gap.key.split(".")[0] for gap in gaps)
    collapsed: set[str] = set()
    for gap in gaps:
        section = gap.key.split(".")[0]
        if sections[section] >= COLLAPSE_SECTION_FROM:
            # A section left almost wholly unanswered is one row: its defaults are the values
            # the sections above show, each with "default" as its basis.
            if section not in collapsed:
                collapsed.add(section)
                rows.append(
                    (
                        [f"{section}.*"],
                        f"all {sections[section]}: the defaults shown above",
                    )
                )
            continue
        if gap.key in WIRING_KEYS:
            # Only the person wiring the pipeline needs these: one row for them all.
            wiring = next((row for row in rows if row[0][0] in WIRING_KEYS), None)
            if wiring is None:
                rows.append(([gap.key], gap.assumed))
            else:
                wiring[0].append(gap.key)
                rows[rows.index(wiring)] = (wiring[0], f"{wiring[1]}; {gap.assumed}")
            continue
        previous = rows[-1] if rows else None
        if previous and previous[1] == gap.assumed and previous[0][0].split(".")[0] == section:
            previous[0].append(gap.key)
        else:
            rows.append(([gap.key], gap.assumed))
    return [(tuple(keys), assumed) for keys, assumed in rows]


def capability_rows(maturity: MaturityAssessment) -> list[tuple[CapabilityStatus, str]]:
    """Each capability with its pain point, in the table's one row: the pain's problem
    restates the status beside it, so only what it costs is kept."""
    return [
        (capability, capitalize_first(capability.pain.cost) if capability.pain else "—")
        for capability in maturity.capabilities
    ]


def _context(design: Design) -> dict[str, Any]:
    return {
        "design": design,
        "description": stated_description(design.description),
        "flowchart": render_flowchart(design),
        "basis": _basis_function(design),
        "defaulted": {gap.key for gap in design.gaps},
        "level_names": LEVEL_NAMES,
        "cloud_name": CLOUD_PLACES.get(design.cloud, design.cloud),
        "cloud_place": on_place(CLOUD_PLACES.get(design.cloud, design.cloud)),
        "source_labels": SOURCE_LABELS,
        "chosen_by_labels": CHOSEN_BY_LABELS,
        "tracked_items": TRACKED_ITEMS,
        "gap_rows": gap_rows(design.gaps),
        "capability_rows": capability_rows(design.maturity),
        "ci": platform_of(design.pipeline.platform),
        "lifecycle_rows": lifecycle_rows(
            design, platform_of(design.pipeline.platform).waiting.mechanism
        ),
        "lifecycle_unchecked": unchecked(design),
        "signing_rows": signing_rows(design),
        "signing_risks": signing_risks(design),
        "risk_owner": risk_owner(design),
        "monthly_cost": monthly_cost(design),
    }


#: For a design that does not cover its model: the sections that still apply; the others
#: keep their id and heading and say they are not covered.
_OUT_OF_SCOPE_KEPT: frozenset[str] = frozenset(
    {
        "title",
        "signing",
        "implementation-roadmap",
        "confidence-assessment",
        "risk-assessment",
        "caveats",
    }
)
_SUBSECTIONS: frozenset[str] = frozenset(
    {"experiment-tracking", "model-registry", "ci-cd-pipeline", "automated-retraining"}
)


def _render_section(
    environment: Any,
    design: Design,
    context: dict[str, Any],
    section_id: str,
    title: str,
    template_name: str,
) -> str:
    if design.out_of_scope is None or section_id in _OUT_OF_SCOPE_KEPT:
        return environment.get_template(f"sections/{template_name}").render(context)
    if section_id == "component-design":
        return environment.get_template("sections/out_of_scope.md.j2").render(context)
    heading = "###" if section_id in _SUBSECTIONS else "##"
    return environment.get_template("sections/not_covered.md.j2").render(
        heading=heading, title=title
    )


def render_markdown_sections(design: Design) -> tuple[MarkdownSection, ...]:
    """The document's sections in order; ``"".join(s.text for s in sections)`` is
    ``render_markdown(design)``."""
    environment = template_environment()
    context = _context(design)
    sections: list[MarkdownSection] = []
    last = len(SECTIONS) - 1
    for index, (section_id, title, template_name) in enumerate(SECTIONS):
        body = _render_section(environment, design, context, section_id, title, template_name)
        ending = "\n" if index == last else "\n\n"
        sections.append(MarkdownSection(section_id, title, body.strip("\n") + ending))
    return tuple(sections)


def render_markdown(design: Design) -> str:
    """architecture.md for ``design``."""
    return "".join(section.text for section in render_markdown_sections(design))
