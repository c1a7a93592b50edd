"""The Thresholds step's PSI bands: the band the design puts the threshold in is the one
marked, read from the design's band, not from the words of a sentence."""

from __future__ import annotations

import pytest

from screens.thresholds import psi_bands_text
from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.model.psi_bands import PsiBand


def _marked(threshold: float) -> list[str]:
    answers = Answers.model_validate(
        {"schema_version": 1, "retraining": {"drift": {"psi_threshold": threshold}}}
    )
    text = psi_bands_text(build_design(answers).retraining)
    return [text.plain[span.start : span.end] for span in text.spans if span.style]


@pytest.mark.parametrize(
    ("threshold", "band"),
    [(0.05, PsiBand.NONE), (0.1, PsiBand.MODERATE), (0.25, PsiBand.MODERATE), (0.4, PsiBand.MAJOR)],
)
def test_the_threshold_s_band_alone_is_marked(threshold: float, band: PsiBand) -> None:
    marked, reading = _marked(threshold)
    assert marked.endswith(band.label)
    assert reading.startswith("\nThis threshold: ") and band.label in reading


def test_every_band_is_listed_with_its_bounds_and_nothing_marked_before_a_design() -> None:
    text = psi_bands_text(None)
    assert text.plain == (
        "PSI bands: < 0.1 no significant change · 0.1–0.25 moderate change · > 0.25 major shift"
    )
    assert not [span for span in text.spans if span.style]
