import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CommandIds, ContextKeys, SettingKeys, ViewIds } from '../../../src/shared/commandIds';

// The bundled test runs from out/test/unit/shared; the repository root is four levels up.
const repoRoot = path.resolve(__dirname, '../../../..');

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string }[]>;
    viewsWelcome?: { view: string; when?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, unknown> };
    walkthroughs?: { id: string; steps: { id: string; description: string; media: { image: string }; completionEvents?: string[] }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const contributed = manifest.contributes.commands.map((c) => c.command);

void describe('commandIds.ts against package.json', () => {
  void it('every command id in commandIds.ts is contributed in package.json, and the other way round', () => {
    const declared = Object.values(CommandIds);
    assert.deepEqual(declared.filter((id) => !contributed.includes(id)), [], 'missing in package.json');
    const ours = contributed.filter((id) => id.startsWith('mlflowLens.'));
    assert.deepEqual(ours.filter((id) => !(declared as string[]).includes(id)), [], 'missing in commandIds.ts');
  });

  void it('every command is mlflowLens.* with category "MLflow"', () => {
    for (const c of manifest.contributes.commands) {
      assert.match(c.command, /^mlflowLens\.[a-zA-Z.]+$/);
      assert.equal(c.category, 'MLflow', c.command);
    }
  });

  void it('menus only reference contributed commands', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(contributed.includes(e.command), `${menu}: ${e.command}`);
    }
  });

  void it('view container, view and welcome view ids match', () => {
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === ViewIds.container));
    assert.ok(manifest.contributes.views[ViewIds.container]?.some((v) => v.id === ViewIds.experiments));
    const welcome = manifest.contributes.viewsWelcome?.find((w) => w.view === ViewIds.experiments);
    assert.ok(welcome?.when?.includes(ContextKeys.storeState));
    const showDeletedMenus = manifest.contributes.menus['view/title']?.filter((m) => m.when?.includes(ContextKeys.showDeleted));
    assert.equal(showDeletedMenus?.length, 2);
  });

  void it('every setting key exists in the configuration', () => {
    for (const key of Object.values(SettingKeys)) {
      assert.ok(key in manifest.contributes.configuration.properties, key);
    }
  });

  void it('every walkthrough step shows a picture that exists and links commands that are contributed', () => {
    const steps = manifest.contributes.walkthroughs?.flatMap((w) => w.steps) ?? [];
    assert.ok(steps.length >= 4);
    for (const step of steps) {
      assert.ok(fs.existsSync(path.join(repoRoot, step.media.image)), step.media.image);
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.ok(linked.length > 0, `${step.id} links a command`);
      for (const id of linked) assert.ok(contributed.includes(id) || id === `${ViewIds.experiments}.focus`, `${step.id}: ${id}`);
    }
    assert.ok(steps.some((s) => s.description.includes(`command:${CommandIds.runEntryPoint}`)));
  });
});
