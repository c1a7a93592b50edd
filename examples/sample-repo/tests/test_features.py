from fraud.evaluate import auc
from fraud.features import features


def test_features_of_a_night_purchase_in_electronics() -> None:
    row = {"amount": "99", "merchant_category": "electronics", "hour": "3"}
    values = features(row)
    assert values["electronics"] == 1.0 and values["night"] == 1.0 and values["travel"] == 0.0


def test_auc_of_a_perfect_ranking_is_one() -> None:
    assert auc([0.9, 0.8, 0.1], [1, 1, 0]) == 1.0
