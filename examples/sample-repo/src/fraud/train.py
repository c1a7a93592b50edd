"""Train the fraud model and log the run to MLflow."""

import mlflow
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split


def train(path: str = "data/transactions.csv") -> None:
    frame = pd.read_csv(path)
    features = frame.drop(columns=["is_fraud"])
    train_x, test_x, train_y, test_y = train_test_split(features, frame["is_fraud"])
    params = {"n_estimators": 300, "max_depth": 3}
    with mlflow.start_run():
        mlflow.log_params(params)
        model = GradientBoostingClassifier(**params).fit(train_x, train_y)
        mlflow.log_metric("roc_auc", roc_auc_score(test_y, model.predict_proba(test_x)[:, 1]))
        mlflow.sklearn.log_model(model, "model")


if __name__ == "__main__":
    train()
