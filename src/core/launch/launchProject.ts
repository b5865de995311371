// An MLproject as the launcher needs it: its folder, its entry points, and the errors that would stop
// `mlflow run` — found by the very engine the language server runs, so the form shows the same errors.
import fs from 'node:fs';
import path from 'node:path';
import { LineIndex } from '../mlproject/lineIndex';
import { lintText } from '../mlproject/lint';
import type { MlprojectModel } from '../mlproject/model';
import { diskProjectFiles } from '../mlproject/projectFiles';

export interface LaunchProject {
  /** The MLproject file (absolute). */
  file: string;
  /** The project folder: where `mlflow run` starts. */
  dir: string;
  name?: string;
  model: MlprojectModel;
  /** `MLproject:3:5: message` for every error the language server reports. */
  errors: string[];
}

/** MLflow finds `MLproject` in any letter case (but not `MLproject.yaml`). */
export function findMlprojectFile(dir: string): string | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const name = names.find((n) => n.toLowerCase() === 'mlproject');
  return name ? path.join(dir, name) : undefined;
}

/** Reads the project of an MLproject file or of a folder holding one; throws a message naming the path. */
export function readLaunchProject(fileOrDir: string): LaunchProject {
  let file = fileOrDir;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(fileOrDir);
  } catch {
    throw new Error(`${fileOrDir} does not exist.`);
  }
  if (stat.isDirectory()) {
    const found = findMlprojectFile(fileOrDir);
    if (!found) throw new Error(`${fileOrDir} holds no MLproject file.`);
    file = found;
  }
  const text = fs.readFileSync(file, 'utf8');
  const dir = path.dirname(file);
  const { parsed, problems } = lintText({ text, kind: 'mlproject', fileName: path.basename(file), files: diskProjectFiles(dir) });
  const lines = new LineIndex(text);
  const errors = problems
    .filter((p) => p.severity === 'error')
    .map((p) => {
      const at = lines.position(p.span.start);
      return `${path.basename(file)}:${at.line + 1}:${at.character + 1}: ${p.message}`;
    });
  const model = parsed.model as MlprojectModel;
  const name = model.name?.value?.kind === 'scalar' ? model.name.value.pythonStr : undefined;
  return { file, dir, ...(name ? { name } : {}), model, errors };
}
