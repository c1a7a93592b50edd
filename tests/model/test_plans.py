"""The deployment strategy as the Design carries it: an enum that reads, compares and dumps as
the answer's spelling, with its name and whether its stages are shares held for a bake time."""

from __future__ import annotations

import yaml

from wizard.model.plans import RolloutStrategy
from wizard.model.vocabulary import STRATEGY_LABELS


def test_a_strategy_reads_and_dumps_as_the_answer_s_spelling() -> None:
    strategy = RolloutStrategy.CHAMPION_CHALLENGER
    assert strategy == "champion-challenger" and f"{strategy}" == "champion-challenger"
    assert yaml.safe_dump({"strategy": strategy.value}) == "strategy: champion-challenger\n"


def test_only_canary_and_device_cohorts_are_staged_by_share() -> None:
    assert {strategy for strategy in RolloutStrategy if strategy.staged} == {
        RolloutStrategy.CANARY,
        RolloutStrategy.STAGED_COHORTS,
    }


def test_the_vocabulary_names_each_strategy_as_the_strategy_does() -> None:
    assert {strategy.value: strategy.label for strategy in RolloutStrategy} == STRATEGY_LABELS
    assert STRATEGY_LABELS["champion-challenger"] == "champion–challenger"
