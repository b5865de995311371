/** A temp copy of the generated file store (MLflow 2.12.2), for tests that add files to it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatedStore } from '../core/fixtures';

export const PARENT_ARTIFACTS = path.join('868010962877203020', 'af80339dc3494aeb8bf956205a9e76cd', 'artifacts');

export function copyGeneratedStore(prefix: string): { root: string; parentArtifacts: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const root = path.join(dir, 'mlruns');
  fs.cpSync(generatedStore, root, { recursive: true });
  return { root, parentArtifacts: path.join(root, PARENT_ARTIFACTS), dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
