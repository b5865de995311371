/**
 * Standard output for the CLI's process: blocking writes on fd 1 while they succeed. Creating
 * Node's `process.stdout` stream loads several internal modules, a few ms of a one-experiment
 * listing. A non-blocking pipe (EAGAIN) hands the rest, and every later write, to `process.stdout`,
 * which queues them in order. A reader that went away (EPIPE, `| head`) ends the output quietly.
 */
import fs from 'node:fs';

export function blockingStdout(): (text: string) => void {
  let mode: 'blocking' | 'stream' | 'closed' = 'blocking';
  return (text) => {
    if (mode === 'closed') return;
    if (mode === 'stream') {
      process.stdout.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += fs.writeSync(1, bytes, written);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        mode = 'closed';
        return;
      }
      if (code !== 'EAGAIN') throw e;
      mode = 'stream';
      process.stdout.write(bytes.subarray(written));
    }
  };
}
