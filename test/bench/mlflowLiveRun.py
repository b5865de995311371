"""Real MLflow's client for the live-latency bench (issue 12 item 7), run by ../shared/mlflow/bin/mlflow-python.

Usage: mlflowLiveRun.py create <tracking uri>   -> {"experimentId", "runId"}: experiment "live", a RUNNING run, loss = 1.0 at step 0
       mlflowLiveRun.py log <tracking uri> <run id> <value> <step>
                                               -> {"loggedAtMs"}: wall clock right after log_metric returned
"""
import json
import sys
import time

from mlflow.tracking import MlflowClient

mode, uri = sys.argv[1], sys.argv[2]
client = MlflowClient(tracking_uri=uri)
if mode == "create":
    experiment_id = client.create_experiment("live")
    run = client.create_run(experiment_id, run_name="live-run")
    client.log_metric(run.info.run_id, "loss", 1.0, step=0)
    print(json.dumps({"experimentId": experiment_id, "runId": run.info.run_id}))
else:
    run_id, value, step = sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
    client.log_metric(run_id, "loss", value, step=step)
    print(json.dumps({"loggedAtMs": time.time() * 1000}))
