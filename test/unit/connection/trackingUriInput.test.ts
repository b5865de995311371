import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { typedTrackingUriProblem } from '../../../src/connection/trackingUriInput';

const repoRoot = path.resolve(__dirname, '../../../..');
/** The bundled sample workspace: its mlruns/ was written by MLflow 2.12.2. */
const samples = path.join(repoRoot, 'samples');
const sampleDb = path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db');

void describe('a tracking URI typed into an input box', () => {
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-typed-'));
    fs.mkdirSync(path.join(scratch, 'empty-store'));
    fs.writeFileSync(path.join(scratch, 'notes.txt'), 'not a store');
    fs.writeFileSync(path.join(scratch, 'other.db'), '');
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  void it('accepts stores that exist: folders (absolute, relative, file://), SQLite files, server URLs', () => {
    const mlruns = path.join(samples, 'mlruns');
    for (const uri of [
      mlruns,
      'mlruns',
      './mlruns/',
      `file://${mlruns}`,
      `sqlite:///${sampleDb}`,
      `sqlite:///${path.relative(samples, sampleDb)}`,
      'http://127.0.0.1:5000',
      'https://mlflow.example.com/team/',
      `  ${mlruns}  `,
    ]) {
      assert.equal(typedTrackingUriProblem(uri, samples), undefined, uri);
    }
    // An existing folder without experiments yet is a store MLflow would write to: accepted.
    assert.equal(typedTrackingUriProblem(path.join(scratch, 'empty-store'), scratch), undefined);
  });

  void it('refuses a folder that does not exist, naming the absolute path it looked for', () => {
    assert.equal(typedTrackingUriProblem('mlrun', samples), `No folder ${path.join(samples, 'mlrun')}.`);
    assert.equal(typedTrackingUriProblem(`file://${scratch}/gone/mlruns`, samples), `No folder ${path.join(scratch, 'gone', 'mlruns')}.`);
  });

  void it('refuses a database file that does not exist, or a folder given as one', () => {
    assert.equal(
      typedTrackingUriProblem('sqlite:///mlflw.db', samples),
      `No database file ${path.join(samples, 'mlflw.db')}: MLflow Lens reads existing stores only.`,
    );
    assert.match(typedTrackingUriProblem(`sqlite:///${scratch}`, samples) ?? '', /is a folder, not a SQLite database file/);
    assert.match(typedTrackingUriProblem('sqlite://', samples) ?? '', /Not a SQLite tracking URI/);
  });

  void it('refuses a file typed as a folder, and says how a database file opens', () => {
    assert.equal(typedTrackingUriProblem(path.join(scratch, 'notes.txt'), samples), `${path.join(scratch, 'notes.txt')} is a file, not an mlruns folder.`);
    assert.equal(
      typedTrackingUriProblem('other.db', scratch),
      `${path.join(scratch, 'other.db')} is a file: a SQLite database opens as sqlite:///${path.join(scratch, 'other.db')}.`,
    );
  });

  void it('points from a project folder to the mlruns folder inside it', () => {
    assert.equal(typedTrackingUriProblem(samples, scratch), `${samples} holds no experiments; its store is ${path.join(samples, 'mlruns')}.`);
  });

  void it('refuses credentials in the URI (password or token) without repeating them', () => {
    for (const uri of ['https://alice:hunter2@mlflow.example.com', 'https://dapiSECRET42@mlflow.example.com', 'http://me@corp.com:pw@host:5000']) {
      const problem = typedTrackingUriProblem(uri, samples) ?? '';
      assert.match(problem, /Do not put credentials/, uri);
      assert.ok(!/hunter2|dapiSECRET42|pw@/.test(problem), problem);
    }
  });

  void it('refuses stores this version cannot open and malformed server URLs', () => {
    assert.match(typedTrackingUriProblem('databricks', samples) ?? '', /Databricks/);
    assert.match(typedTrackingUriProblem('postgresql:///mlflow', samples) ?? '', /postgresql: stores are not supported/);
    assert.match(typedTrackingUriProblem('s3://bucket/mlruns', samples) ?? '', /s3: stores are not supported/);
    assert.match(typedTrackingUriProblem('http://', samples) ?? '', /not a valid server URL/);
    assert.match(typedTrackingUriProblem('http://exa mple.com', samples) ?? '', /not a valid server URL/);
    assert.match(typedTrackingUriProblem('   ', samples) ?? '', /Enter a tracking URI/);
  });
});
