import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { codeProvenance, locateSourceFile, sourceSegments } from '../../../src/core/provenance/sourceLocation';

const COMMIT = '3f2a1b7c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6';
const kv = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value }));

const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-'));
fs.mkdirSync(path.join(ws, 'proj', 'src'), { recursive: true });
fs.writeFileSync(path.join(ws, 'proj', 'src', 'train.py'), '');
fs.writeFileSync(path.join(ws, 'proj', 'gen.py'), '');
after(() => fs.rmSync(ws, { recursive: true, force: true }));
const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

void describe('code provenance from run tags', () => {
  void it('reads the commit and source, or says which tag is missing', () => {
    assert.deepEqual(codeProvenance(kv({ 'mlflow.source.git.commit': COMMIT.toUpperCase(), 'mlflow.source.name': 'train.py' })), {
      ok: true,
      provenance: { commit: COMMIT, sourceName: 'train.py' },
    });
    const reason = (tags: Record<string, string>) => {
      const r = codeProvenance(kv(tags));
      return r.ok ? undefined : r.reason;
    };
    assert.match(reason({ 'mlflow.source.name': 'train.py' }) ?? '', /no mlflow\.source\.git\.commit tag/);
    assert.match(reason({ 'mlflow.source.git.commit': COMMIT }) ?? '', /no mlflow\.source\.name tag/);
    assert.match(reason({ 'mlflow.source.git.commit': '--upload-pack=x', 'mlflow.source.name': 'a.py' }) ?? '', /is not a git commit id/);
    assert.match(reason({ 'mlflow.source.git.commit': COMMIT, 'mlflow.source.name': 'https://github.com/o/r' }) ?? '', /is a project URL/);
  });

  void it('finds the file from another machine by the longest tail that exists here', () => {
    const roots = [path.join(ws, 'proj')];
    assert.equal(locateSourceFile('/home/dev/proj/src/train.py', roots, isFile), path.join(ws, 'proj', 'src', 'train.py'));
    assert.equal(locateSourceFile('/home/dev/mlflow-demo/gen.py', roots, isFile), path.join(ws, 'proj', 'gen.py'));
    assert.equal(locateSourceFile('C:\\Users\\dev\\proj\\src\\train.py', roots, isFile), path.join(ws, 'proj', 'src', 'train.py'));
    assert.equal(locateSourceFile('src/train.py', roots, isFile), path.join(ws, 'proj', 'src', 'train.py'));
    assert.equal(locateSourceFile(`file://${path.join(ws, 'proj', 'gen.py')}`, roots, isFile), path.join(ws, 'proj', 'gen.py'));
    assert.equal(locateSourceFile(path.join(ws, 'proj', 'src', 'train.py'), roots, isFile), path.join(ws, 'proj', 'src', 'train.py'));
  });

  void it('never leaves the roots', () => {
    const roots = [path.join(ws, 'proj', 'src')];
    assert.equal(locateSourceFile('../gen.py', roots, isFile), undefined);
    assert.equal(locateSourceFile(path.join(ws, 'proj', 'gen.py'), roots, isFile), undefined);
    assert.equal(locateSourceFile('/home/dev/missing.py', roots, isFile), undefined);
    assert.deepEqual(sourceSegments('file:///home/d%C3%A9v/a%20b.py'), { absolute: true, segments: ['home', 'dév', 'a b.py'] });
  });
});
