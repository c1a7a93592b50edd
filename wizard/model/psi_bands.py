"""The PSI bands in common use, defined once: where each begins and ends, what it is called, and
where the bands come from. The Design carries a threshold's band as a ``PsiBand``; the
document, the spec, the risks and the Thresholds screen all word it from here.

A band describes the size of a shift worth acting on, not the noise floor a threshold must
clear: that depends on the window size (``wizard.engine.monitoring``, DOMAIN.md "The PSI
threshold: noise floor and effect size"). Both are cited here, once.
"""

from __future__ import annotations

from enum import Enum

from wizard.model.formatting import number

#: Below this, no significant change.
MODERATE_FROM = 0.1
#: Above this, a major shift (the bound itself is still moderate).
MAJOR_ABOVE = 0.25

PSI_BANDS_SOURCE = (
    'Yurdakul & Naranjo, "Statistical properties of the population stability index", '
    "Journal of Risk Model Validation, 2020"
)
"""Where the bands are reported, as the rule of thumb of credit-risk model monitoring used
"without reference to statistical type I or type II error rates" (checked 2026-12-07: the
abstract on RePEc, https://ideas.repec.org/a/rsk/journ5/7725371.html)."""

NOISE_FLOOR_SOURCE = (
    'Yurdakul, "Statistical Properties of Population Stability Index", Western Michigan '
    "University, 2018"
)
"""Where PSI of unchanged data is shown to follow (1/n + 1/m)·χ²(B − 1) (checked 2026-12-07:
https://scholarworks.wmich.edu/dissertations/3208)."""

SAMPLE_SIZE_SOURCE = (
    'Potgieter et al., "The Population Resemblance Statistic", 2023, arXiv 2307.11878'
)
"""Where fixed PSI rules are shown to over-alarm on small samples and to miss shifts on large
ones, with sample-size-aware critical values proposed (checked 2026-12-07:
https://arxiv.org/abs/2307.11878)."""

#: The sources in a few words, where a sentence cites them beside a number (IMPLEMENTING.md
#: gives them in full: ``THRESHOLD_SOURCES``).
PSI_BANDS_CITATION = "Yurdakul & Naranjo 2020"
NOISE_FLOOR_CITATION = "Yurdakul 2018; Potgieter et al., arXiv 2307.11878"
THRESHOLD_SOURCES = (
    f"the PSI bands, {PSI_BANDS_SOURCE}; the noise floor of unchanged data's PSI, "
    f"{NOISE_FLOOR_SOURCE}; fixed thresholds against the sample size, {SAMPLE_SIZE_SOURCE}"
)

#: False alarms a year across the key features the noise floor allows: the same target
#: ``mlops-wizard calibrate`` recommends a threshold for by default.
TARGET_FALSE_ALARMS_PER_YEAR = 4.0


class PsiBand(Enum):
    """Where a PSI value sits: below ``MODERATE_FROM``, up to ``MAJOR_ABOVE``, or above."""

    NONE = "none"
    MODERATE = "moderate"
    MAJOR = "major"

    @classmethod
    def of(cls, psi: float) -> PsiBand:
        if psi < MODERATE_FROM:
            return cls.NONE
        if psi <= MAJOR_ABOVE:
            return cls.MODERATE
        return cls.MAJOR

    @property
    def label(self) -> str:
        """What a shift in this band is called (``moderate change``)."""
        return _LABELS[self]

    @property
    def alerts(self) -> str:
        """What a threshold in this band alerts on."""
        return _ALERTS[self]

    def range_text(self, dash: str = "-") -> str:
        """The band's bounds: ``< 0.1``, ``0.1-0.25``, ``> 0.25`` (``dash`` between two)."""
        if self is PsiBand.NONE:
            return f"< {number(MODERATE_FROM)}"
        if self is PsiBand.MODERATE:
            return f"{number(MODERATE_FROM)}{dash}{number(MAJOR_ABOVE)}"
        return f"> {number(MAJOR_ABOVE)}"

    def reading(self, threshold: float) -> str:
        """A threshold in this band, in one sentence: ``0.1 is in 0.1-0.25 moderate change:
        alerts on moderate shifts``."""
        return f"{number(threshold)} is in {self.range_text()} {self.label}: {self.alerts}"


_LABELS: dict[PsiBand, str] = {
    PsiBand.NONE: "no significant change",
    PsiBand.MODERATE: "moderate change",
    PsiBand.MAJOR: "major shift",
}
_ALERTS: dict[PsiBand, str] = {
    PsiBand.NONE: "alerts on shifts the bands ignore",
    PsiBand.MODERATE: "alerts on moderate shifts",
    PsiBand.MAJOR: "alerts only on major shifts",
}


def bands_in_words() -> str:
    """Every band with its bounds: ``< 0.1 no significant change, 0.1-0.25 moderate change,
    > 0.25 major shift``."""
    return ", ".join(f"{band.range_text()} {band.label}" for band in PsiBand)


def judged_cadence(windows_per_year: float) -> str:
    """How often the drift check judges a window: ``daily``, else ``N times a year``."""
    if round(windows_per_year) in (365, 366):
        return "daily"
    return f"{windows_per_year:g} times a year"


def false_alarm_rate(alarms_per_year: float) -> str:
    """How often unchanged windows cross a threshold: ``about 5.3 times a year`` (three
    significant figures at most), or ``almost never (less than once a century)``."""
    if alarms_per_year < 0.01:
        return "almost never (less than once a century)"
    return f"about {float(f'{alarms_per_year:.3g}'):,g} times a year"
