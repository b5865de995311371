"""Train a logistic regression on iris and log it to MLflow (the sample's MLproject entry point)."""
import argparse
import math
import os
import time

import mlflow
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

# Set by `mlflow run` for the run it created (MLflow removes it from os.environ once a run starts).
LAUNCHED_RUN_ID = os.environ.get("MLFLOW_RUN_ID")


def fit(c: float, args: argparse.Namespace) -> None:
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(C=c, max_iter=args.max_iter, solver=args.solver)
    scores = cross_val_score(model, X, y, cv=args.folds)
    # `mlflow run` logs the entry point's parameters itself (as given); a nested run logs its own.
    if mlflow.active_run().info.run_id != LAUNCHED_RUN_ID:
        mlflow.log_params({"C": c, "max_iter": args.max_iter, "solver": args.solver})
    mlflow.log_metric("accuracy", float(scores.mean()))


def live(args: argparse.Namespace) -> None:
    """A slow training loop: one loss point per epoch, to watch in a live chart (or to Stop)."""
    with mlflow.start_run():
        for epoch in range(args.epochs):
            mlflow.log_metric("loss", math.exp(-epoch / 20) + 0.05 * math.sin(epoch), step=epoch)
            time.sleep(args.delay)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--max-iter", type=int, default=200)
    parser.add_argument("--solver", default="lbfgs")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--live", action="store_true")
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.5)
    args = parser.parse_args()

    # Under `mlflow run` the run already exists in the experiment the launcher chose (MLFLOW_RUN_ID is
    # set): naming another one here would fail with "active run ID does not match environment run ID".
    if LAUNCHED_RUN_ID is None:
        mlflow.set_experiment("iris-classification")
    if args.live:
        live(args)
    elif args.sweep:
        with mlflow.start_run(run_name="hyperparam-search"):
            for c in [0.01, 0.1, 1.0, 10.0]:
                with mlflow.start_run(run_name=f"C={c}", nested=True):
                    fit(c, args)
    else:
        with mlflow.start_run():
            fit(args.C, args)


if __name__ == "__main__":
    main()
