"""Feature engineering shared by training and the scoring service."""

import pandas as pd


def add_amount_features(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["amount_log"] = frame["amount"].clip(lower=0).add(1).pipe(lambda s: s.map(float))
    return frame
