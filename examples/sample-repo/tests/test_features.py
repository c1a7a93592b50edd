import pandas as pd

from fraud.features import add_amount_features


def test_amount_features_keep_rows() -> None:
    frame = pd.DataFrame({"amount": [1.0, 250.0]})
    assert len(add_amount_features(frame)) == 2
