// databricks_spark_job (MLflow 2.14+): MLflow's own consistency checks for Databricks runs.
import type { MlprojectModel, Problem } from '../model';
import { problem } from '../parse';
import { DATABRICKS_KEYS } from '../schema';
import { defineRule } from './rule';
import { isNullish } from './yamlHelpers';

const ENV_LABEL: Record<string, string> = { docker_env: 'docker', python_env: 'python', conda_env: 'conda' };

export const databricksRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: ['mlproject.databricks-conflict'],
  check({ file }) {
    const model = file.model as MlprojectModel;
    const job = model.databricksPair;
    if (!job || isNullish(job.value)) return [];
    const problems: Problem[] = [];
    const conflict = (message: string, span = job.keyNode.span): void => {
      problems.push(problem('mlproject.databricks-conflict', 'error', message, span));
    };
    if (job.value.kind !== 'map') {
      conflict('databricks_spark_job must be a mapping (python_file, parameters, python_libraries).', job.valueSpan);
      return problems;
    }
    const hasFile = job.value.pairs.some((p) => p.key === 'python_file');
    const hasEntries = model.entryPointsPair !== undefined;
    if (hasFile === hasEntries) {
      conflict(hasFile ? 'Databricks Spark job: set either python_file or entry_points, not both.' : 'Databricks Spark job needs python_file or entry_points.');
    }
    for (const env of model.envPairs) conflict(`Databricks Spark job does not support setting ${ENV_LABEL[env.key] ?? env.key} environment.`, env.keyNode.span);
    for (const entry of model.entryPoints) {
      for (const parameter of entry.parameters) {
        if (parameter.type === 'path') conflict(`Databricks Spark job does not support 'path' parameters ('${parameter.name}').`, parameter.typePair?.valueSpan ?? parameter.pair.valueSpan);
      }
    }
    for (const key of ['parameters', 'python_libraries']) {
      const pair = job.value.pairs.find((p) => p.key === key);
      if (pair && pair.value?.kind !== 'seq') conflict(`databricks_spark_job ${key} must be a list.`, pair.valueSpan);
    }
    for (const pair of job.value.pairs) {
      if (!DATABRICKS_KEYS.some((k) => k.key === pair.key)) {
        problems.push(problem('mlproject.unknown-key', 'warning', `databricks_spark_job key '${pair.key}' is not used by MLflow.`, pair.keyNode.span));
      }
    }
    return problems;
  },
});
