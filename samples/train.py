"""Train a logistic regression on iris and log it to MLflow (the sample's MLproject entry point)."""
import argparse

import mlflow
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score


def fit(c: float, args: argparse.Namespace) -> None:
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(C=c, max_iter=args.max_iter, solver=args.solver)
    scores = cross_val_score(model, X, y, cv=args.folds)
    mlflow.log_params({"C": c, "max_iter": args.max_iter, "solver": args.solver})
    mlflow.log_metric("accuracy", float(scores.mean()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--max-iter", type=int, default=200)
    parser.add_argument("--solver", default="lbfgs")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()

    mlflow.set_experiment("iris-classification")
    if args.sweep:
        with mlflow.start_run(run_name="hyperparam-search"):
            for c in [0.01, 0.1, 1.0, 10.0]:
                with mlflow.start_run(run_name=f"C={c}", nested=True):
                    fit(c, args)
    else:
        with mlflow.start_run():
            fit(args.C, args)


if __name__ == "__main__":
    main()
