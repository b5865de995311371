// The runs of one experiment folder of a file store, read straight from the files MLflow wrote: what the
// integration tests expect the tree to show is computed from here, never written down by hand.
import fs from 'node:fs';
import path from 'node:path';

export interface RunOnDisk {
  runId: string;
  runName: string;
  startTime: number;
  /** `lifecycle_stage: active` (deleted runs are hidden unless Show Deleted is on). */
  active: boolean;
  params: Record<string, string>;
  /** Latest value per key, as MLflow picks it: highest step, then timestamp, then value. */
  metrics: Record<string, number>;
}

export function runsOnDisk(experimentDir: string): RunOnDisk[] {
  const runs: RunOnDisk[] = [];
  for (const entry of fs.readdirSync(experimentDir, { withFileTypes: true })) {
    const dir = path.join(experimentDir, entry.name);
    const meta = path.join(dir, 'meta.yaml');
    if (!entry.isDirectory() || !fs.existsSync(meta)) continue;
    const yaml = fs.readFileSync(meta, 'utf8');
    const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(yaml)?.[1]?.replace(/^'(.*)'$/, '$1') ?? '';
    // Keys with slashes (`train/loss`) are nested folders.
    const keys = (sub: string) =>
      fs.existsSync(path.join(dir, sub))
        ? fs
            .readdirSync(path.join(dir, sub), { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => path.relative(path.join(dir, sub), path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        : [];
    const params = Object.fromEntries(keys('params').map((k) => [k, fs.readFileSync(path.join(dir, 'params', k), 'utf8')]));
    const metrics: Record<string, number> = {};
    for (const key of keys('metrics')) {
      const points = fs
        .readFileSync(path.join(dir, 'metrics', key), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ').map(Number) as [number, number, number]);
      points.sort((a, b) => a[2] - b[2] || a[0] - b[0] || a[1] - b[1]);
      const latest = points[points.length - 1];
      if (latest) metrics[key] = latest[1];
    }
    runs.push({
      runId: field('run_id'),
      runName: field('run_name'),
      startTime: Number(field('start_time')),
      active: field('lifecycle_stage') === 'active',
      params,
      metrics,
    });
  }
  return runs;
}
