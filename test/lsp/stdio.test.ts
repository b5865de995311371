// The built server as the extension runs it: `node dist/server.js --stdio`, spoken to over pipes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';

const repoRoot = path.resolve(__dirname, '../../..');
const serverJs = path.join(repoRoot, 'dist', 'server.js');

void test('dist/server.js over stdio publishes the undeclared-placeholder error', { skip: fs.existsSync(serverJs) ? false : 'SKIPPED: dist/server.js not built (run node esbuild.mjs)' }, async () => {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => client.onNotification('textDocument/publishDiagnostics', resolve));
    client.listen();
    const init = (await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} })) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.codeLensProvider);
    await client.sendNotification('initialized', {});
    const uri = 'untitled:MLproject';
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'mlproject', version: 1, text: 'name: x\nentry_points:\n  main:\n    command: python a.py {missing}\n' },
    });
    const published = await diagnostics;
    assert.equal(published.uri, uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['mlproject.placeholder-undeclared']);
    assert.deepEqual(published.diagnostics[0]!.range, { start: { line: 3, character: 25 }, end: { line: 3, character: 34 } });
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    client.dispose();
    child.kill();
  }
});
