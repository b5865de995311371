/**
 * The write commands (`rename-run`, `set-tag`, `delete-tag`, `set-note`, `delete-run`,
 * `restore-run`, `rename-experiment`): one write through the store's own write path, then the
 * updated run or experiment printed as MLflow's REST API returns it (`runs/get`,
 * `experiments/get`). A refused write changes nothing and exits 2 with one line saying why.
 */
import type { TrackingStore } from '../../core/store/trackingStore';
import { parseTrackingUri } from '../../core/store/trackingUri';
import { NOTE_TAG, type StoreWriter } from '../../core/store/write/storeWriter';
import type { OptionSpecs } from '../args';
import { UsageError } from '../args';
import { openFromOptions, requireString, storeOptions, withStore, type CliIo, type Command } from '../context';
import { experimentToJson, runToJson } from '../restJson';

type Options = Record<string, string | boolean | undefined>;

const runId: OptionSpecs = { 'run-id': { type: 'string', value: 'ID', description: 'the run to change' } };
const nameOption = (what: string): OptionSpecs => ({ name: { type: 'string', value: 'NAME', description: `the new ${what} name` } });
const keyOption: OptionSpecs = { key: { type: 'string', value: 'KEY', description: 'tag key (letters, digits, _ - . space /)' } };
const valueOption = (what: string): OptionSpecs => ({
  value: { type: 'string', value: 'TEXT', description: `${what} (may be empty; use --value=TEXT when it starts with --)` },
});

/** A value that may legitimately be empty (a tag, a note). */
function requireValue(options: Options): string {
  const v = options['value'];
  if (typeof v !== 'string') throw new UsageError('--value is required');
  return v;
}

interface WriteSpec {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpecs;
  target: 'run' | 'experiment';
  write(writer: StoreWriter, options: Options): Promise<void>;
}

function writeCommand(spec: WriteSpec): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: `--tracking-uri URI ${spec.usage}`,
    options: { ...storeOptions, ...spec.options },
    details: `Prints the ${spec.target} afterwards as MLflow's REST API returns it. A refused write (bad value, deleted run, read-only or locked store, a server that says no) changes nothing and exits 2.`,
    async run(options, io) {
      // Required options are checked before anything is opened.
      const id = requireString(options, spec.target === 'run' ? 'run-id' : 'experiment-id');
      for (const name of Object.keys(spec.options)) if (name !== 'value') requireString(options, name);
      return withStore(await openFromOptions(options, io), async (store) => {
        // The writers (SQLite's engine among them) are loaded by the commands that write, not by every command.
        const { openStoreWriter } = await import('../../core/store/write/openWriter.js');
        const writer = openStoreWriter(store, await writerOptions(store, io));
        try {
          await spec.write(writer, options);
        } finally {
          writer.dispose();
        }
        const entity = spec.target === 'run' ? { run: runToJson(await store.getRun(id)) } : { experiment: experimentToJson(await store.getExperiment(id)) };
        io.stdout(`${JSON.stringify(entity)}\n`);
        return 0;
      });
    },
  };
}

async function writerOptions(store: TrackingStore, io: CliIo) {
  if (parseTrackingUri(store.uri, io.cwd).kind !== 'rest') return { cwd: io.cwd };
  const { restOptionsFromEnv } = await import('../../core/store/rest/environment.js');
  return { cwd: io.cwd, rest: restOptionsFromEnv(io.env) };
}

const s = (options: Options, name: string) => options[name] as string;

export const runActionCommands: readonly Command[] = [
  writeCommand({
    name: 'rename-run',
    summary: "rename a run (its run name and mlflow.runName tag, as MLflow's update_run)",
    usage: '--run-id ID --name NAME',
    options: { ...runId, ...nameOption('run') },
    target: 'run',
    write: (w, o) => w.renameRun(s(o, 'run-id'), s(o, 'name')),
  }),
  writeCommand({
    name: 'set-tag',
    summary: 'set a run tag (mlflow.runName renames the run, as in MLflow)',
    usage: '--run-id ID --key KEY --value TEXT',
    options: { ...runId, ...keyOption, ...valueOption('tag value') },
    target: 'run',
    write: (w, o) => w.setRunTag(s(o, 'run-id'), s(o, 'key'), requireValue(o)),
  }),
  writeCommand({
    name: 'delete-tag',
    summary: 'delete a run tag',
    usage: '--run-id ID --key KEY',
    options: { ...runId, ...keyOption },
    target: 'run',
    write: (w, o) => w.deleteRunTag(s(o, 'run-id'), s(o, 'key')),
  }),
  writeCommand({
    name: 'set-note',
    summary: `set a run's note (the Markdown description, tag ${NOTE_TAG})`,
    usage: '--run-id ID --value TEXT',
    options: { ...runId, ...valueOption('the note, Markdown') },
    target: 'run',
    write: (w, o) => w.setRunTag(s(o, 'run-id'), NOTE_TAG, requireValue(o)),
  }),
  writeCommand({
    name: 'delete-run',
    summary: 'mark a run deleted (restore-run brings it back)',
    usage: '--run-id ID',
    options: runId,
    target: 'run',
    write: (w, o) => w.deleteRun(s(o, 'run-id')),
  }),
  writeCommand({
    name: 'restore-run',
    summary: 'restore a deleted run',
    usage: '--run-id ID',
    options: runId,
    target: 'run',
    write: (w, o) => w.restoreRun(s(o, 'run-id')),
  }),
  writeCommand({
    name: 'rename-experiment',
    summary: 'rename an experiment',
    usage: '--experiment-id ID --name NAME',
    options: { 'experiment-id': { type: 'string', value: 'ID', description: 'the experiment to rename' }, ...nameOption('experiment') },
    target: 'experiment',
    write: (w, o) => w.renameExperiment(s(o, 'experiment-id'), s(o, 'name')),
  }),
];
