import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RECENT_STORES, RecentStores, readRecentStores, withRecentStore } from '../../../src/connection/recentStores';

/** A Memento as VS Code's: values come back as stored (JSON-like). */
class MemoryMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

void describe('recent tracking stores', () => {
  void it('newest first; the same store typed another way moves up instead of repeating', () => {
    assert.deepEqual(withRecentStore(['/a/mlruns', 'http://h:5000'], 'file:///a/mlruns/'), ['file:///a/mlruns/', 'http://h:5000']);
    assert.deepEqual(withRecentStore(['/a/mlruns'], ' sqlite:///b.db '), ['sqlite:///b.db', '/a/mlruns']);
  });

  void it(`keeps at most ${MAX_RECENT_STORES}`, async () => {
    const recent = new RecentStores(new MemoryMemento());
    for (let i = 0; i < MAX_RECENT_STORES + 3; i++) await recent.remember(`http://host-${i}:5000`);
    const list = recent.list();
    assert.equal(list.length, MAX_RECENT_STORES);
    assert.equal(list[0], `http://host-${MAX_RECENT_STORES + 2}:5000`);
  });

  void it('never remembers a URI holding credentials, and skips one found in the stored list', async () => {
    const memento = new MemoryMemento();
    const recent = new RecentStores(memento);
    await recent.remember('http://127.0.0.1:5000');
    await recent.remember('https://dapiSECRET@mlflow.example.com');
    assert.deepEqual(recent.list(), ['http://127.0.0.1:5000']);
    assert.ok(!JSON.stringify([...memento.values]).includes('dapiSECRET'));
    assert.deepEqual(readRecentStores(['https://u:p@h', 42, null, '/a/mlruns', '/a/mlruns/', 'http://x']), ['/a/mlruns', 'http://x']);
    assert.deepEqual(readRecentStores({ not: 'a list' }), []);
  });
});
