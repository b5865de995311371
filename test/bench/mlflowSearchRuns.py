"""MLflow's own client listing runs, the anchor of issue 12's figures (run by ../shared/mlflow/bin/mlflow-python).

Usage: mlflowSearchRuns.py <tracking uri> <experiment id,…|ALL> [filter]
Prints {"ids": [...], "params": n, "importMs": …, "searchMs": …}: the run ids in MLflow's order and the
time spent importing MLflow and in search_runs (every page of 1,000, as a script listing runs would).
"""
import json
import sys
import time

started = time.perf_counter()
from mlflow.tracking import MlflowClient  # noqa: E402

imported = time.perf_counter()
uri, experiments = sys.argv[1], sys.argv[2]
filter_string = sys.argv[3] if len(sys.argv) > 3 else ""
client = MlflowClient(tracking_uri=uri)
if experiments == "ALL":
    ids = [e.experiment_id for e in client.search_experiments(max_results=50000)]
else:
    ids = experiments.split(",")
runs = []
token = None
while True:
    page = client.search_runs(ids, filter_string=filter_string, max_results=1000, page_token=token)
    runs.extend(page)
    token = page.token
    if not token:
        break
done = time.perf_counter()
print(json.dumps({
    "ids": [r.info.run_id for r in runs],
    "params": sum(len(r.data.params) for r in runs),
    "importMs": (imported - started) * 1000,
    "searchMs": (done - imported) * 1000,
}))
