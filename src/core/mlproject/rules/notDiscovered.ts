// MLflow finds the MLproject by lower-cased name == "mlproject": `MLproject.yaml` is never read.
import { problem } from '../parse';
import { defineRule } from './rule';

export function isDiscoverableName(fileName: string): boolean {
  return fileName.toLowerCase() === 'mlproject';
}

export const notDiscoveredRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: ['mlproject.not-discovered'],
  check({ fileName, files }) {
    // Unsaved buffers have no real name yet: MLflow will see whatever name they are saved under.
    if (isDiscoverableName(fileName) || !files.available) return [];
    const real = files.siblings().find(isDiscoverableName);
    const span = { start: 0, end: 0 };
    if (real) {
      return [problem('mlproject.not-discovered', 'warning', `MLflow reads ${real} in this folder and ignores ${fileName}.`, span)];
    }
    return [problem('mlproject.not-discovered', 'error', `MLflow only finds a file named exactly "MLproject" (any case): ${fileName} is ignored and \`mlflow run\` fails with "Could not find main among entry points []". Rename it to MLproject.`, span, { rename: 'MLproject' })];
  },
});
