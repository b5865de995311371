// Runs one command and measures it: wall time (spawn to exit) and peak memory.
// Peak memory comes from GNU time's "Maximum resident set size" (the largest single process of the
// tree) when /usr/bin/time exists, else from the VmHWM of the spawned process; the sum of RSS over
// the whole process tree is also sampled, for cases that fan out to several processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = fs.existsSync(GNU_TIME);

function childrenByParent() {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  return children;
}

/** The pid and all its descendants. */
export function processTree(pid) {
  const children = childrenByParent();
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** A `/proc/<pid>/status` field in KiB (0 when the process is gone). */
export function statusKb(pid, field) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Spawns `argv` with stdout written to `stdoutFile` (so the parent's pipe handling is not measured)
 * and returns { wallMs, cpuMs (user + system, with GNU time), peakRssKb, treeRssKb, exitCode, stderr }.
 */
export async function measureCommand(argv, { cwd, env, stdoutFile, timeoutMs = 30 * 60_000 } = {}) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-bench-m-'));
  const timeFile = path.join(scratch, 'time.txt');
  const outPath = stdoutFile ?? path.join(scratch, 'stdout');
  const out = fs.openSync(outPath, 'w');
  const command = hasGnuTime ? [GNU_TIME, '-v', '-o', timeFile, ...argv] : argv;
  let stderr = '';
  let treeRssKb = 0;
  let hwmKb = 0;
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', out, 'pipe'],
  });
  fs.closeSync(out);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 64_000) stderr += chunk;
  });
  const sample = () => {
    let sum = 0;
    for (const pid of processTree(child.pid)) {
      sum += statusKb(pid, 'VmRSS');
      if (!hasGnuTime && pid === child.pid) hwmKb = Math.max(hwmKb, statusKb(pid, 'VmHWM'));
    }
    treeRssKb = Math.max(treeRssKb, sum);
  };
  const sampler = setInterval(sample, 100);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exitCode = await new Promise((resolve) => {
    child.once('error', (err) => {
      stderr += String(err);
      resolve(-1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  });
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  clearTimeout(timer);
  let peakRssKb = hwmKb;
  let cpuMs;
  if (hasGnuTime && fs.existsSync(timeFile)) {
    const report = fs.readFileSync(timeFile, 'utf8');
    const m = report.match(/Maximum resident set size \(kbytes\): (\d+)/);
    if (m) peakRssKb = Number(m[1]);
    const seconds = (label) => Number(report.match(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`))?.[1] ?? NaN);
    cpuMs = (seconds('User') + seconds('System')) * 1000;
    // GNU time prefixes its report with "Command exited with non-zero status N" on failure.
    stderr += report.split('\n').filter((l) => l.startsWith('Command ')).join('\n');
  }
  fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 2 });
  return { wallMs, cpuMs, peakRssKb, treeRssKb: Math.max(treeRssKb, peakRssKb), exitCode, stderr };
}
