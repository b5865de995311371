// The MLflow container of the real workbench (code-server), as the e2e checks see it. The container holds
// two views, Experiments and Models, so every row and view-title action is looked up inside its own pane:
// the side bar as a whole mixes both trees, and VS Code draws a pane's title actions only while that pane
// is hovered or focused once a container shows more than one view.
import { waitFor } from '../integration/harness/lib.mjs';

const exactly = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** The side-bar pane whose header is titled `title`. */
export const paneTitled = (page, title) =>
  page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header .title', { hasText: exactly(title) }) });

export const experimentsPane = (page) => paneTitled(page, 'Experiments');
export const modelsPane = (page) => paneTitled(page, 'Models');

/** Clicks the MLflow activity-bar icon unless the container is already showing. */
export async function openMlflowContainer(page) {
  const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label="MLflow"]');
  await icon.waitFor({ timeout: 60000 });
  // A container once opened stays in the DOM, hidden, when another one is shown.
  if (!(await experimentsPane(page).first().isVisible())) await icon.click();
  await experimentsPane(page).first().waitFor({ timeout: 60000 });
}

/** Whether the pane is expanded (its header says so; a collapsed pane renders no rows). */
export async function isPaneExpanded(pane) {
  return (await pane.locator('.pane-header').first().getAttribute('aria-expanded')) === 'true';
}

/** Expands (`true`) or collapses (`false`) the pane by clicking its header, as a user does. */
export async function setPaneExpanded(pane, expanded) {
  if ((await isPaneExpanded(pane)) === expanded) return;
  await pane.locator('.pane-header .title').first().click();
  await waitFor(async () => (await isPaneExpanded(pane)) === expanded, { timeout: 15000, what: `the pane to ${expanded ? 'expand' : 'collapse'}` });
}

/**
 * The pane's rendered tree rows in list order (rows are positioned absolutely, so DOM order is not list
 * order; the tree renders only the rows in view).
 */
export async function paneRows(pane) {
  const rows = await pane.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((e) => ({
      index: Number(e.dataset.index),
      label: e.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: e.querySelector('.label-description')?.textContent?.trim() ?? '',
      expanded: e.getAttribute('aria-expanded'),
    })),
  );
  return rows.sort((a, b) => a.index - b.index);
}

export const paneLabels = async (pane) => (await paneRows(pane)).map((r) => r.label);

/** The Experiments tree's rendered labels in list order (the Models rows are not among them). */
export const experimentLabels = (page) => paneLabels(experimentsPane(page));

/** label → description of the Experiments tree's rendered rows. */
export async function experimentDescriptions(page) {
  return Object.fromEntries((await paneRows(experimentsPane(page))).map((r) => [r.label, r.description]));
}

/** The pane's first row labelled exactly `label`. */
export const paneRow = (pane, label) =>
  pane.locator('.monaco-list-row').filter({ has: pane.page().locator('.label-name', { hasText: exactly(label) }) }).first();

/** The pane's first row whose label contains `part`. */
export const paneRowContaining = (pane, part) =>
  pane.locator('.monaco-list-row').filter({ has: pane.page().locator('.label-name', { hasText: part }) }).first();

/** The pane's view-title action `label`, in the DOM whether or not it is drawn (for "is it offered" checks). */
export const titleAction = (pane, label) => pane.locator(`.pane-header .actions .action-label[aria-label=${JSON.stringify(label)}]`);

/** Waits until the pane's title offers `label` (drawn or not: VS Code hides the actions of a pane not hovered). */
export async function waitForTitleAction(pane, label, timeout = 15000) {
  await titleAction(pane, label).first().waitFor({ state: 'attached', timeout });
}

/**
 * Clicks the pane's view-title action `label`: hovers the pane header first (the actions are drawn only
 * then), or, when VS Code moved the action into the header's "More Actions..." menu, picks it there.
 */
export async function clickViewTitleAction(page, pane, label, { timeout = 15000 } = {}) {
  const header = pane.locator('.pane-header').first();
  const action = titleAction(pane, label).first();
  const inline = await action.waitFor({ state: 'attached', timeout }).then(() => true, () => false);
  await header.hover();
  if (inline) {
    await action.click();
    return;
  }
  const more = header.locator('.actions .action-label[aria-label^="More Actions"]').first();
  if ((await more.count()) === 0) throw new Error(`the ${await header.locator('.title').innerText()} view offers no "${label}" action`);
  await more.click();
  const item = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: exactly(label) }).first();
  await item.waitFor({ timeout });
  await item.hover();
  await item.click();
}

/**
 * Scrolls the pane's tree so the row at list index `index` is at the top: the tree renders only the rows
 * in view, so the children of a row near the bottom exist in the DOM only once scrolled up.
 */
async function scrollRowToTop(pane, index) {
  const list = pane.locator('.monaco-list').first();
  const [box, row] = [await list.boundingBox(), await pane.locator(`.monaco-list-row[data-index="${index}"]`).boundingBox()];
  if (!box || !row || row.y - box.y < row.height * 2) return;
  await pane.page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await pane.page().mouse.wheel(0, row.y - box.y);
}

/**
 * The first row labelled `label` after the row labelled `after` (or anywhere), once rendered:
 * { index, label, description, expanded, locator }.
 */
export async function rowOf(pane, label, { after, timeout = 30000 } = {}) {
  const found = await waitFor(
    async () => {
      const rows = await paneRows(pane);
      const parent = after === undefined ? -1 : rows.findIndex((r) => r.label === after);
      if (after !== undefined && parent < 0) return null;
      const match = rows.slice(parent + 1).find((r) => r.label === label);
      if (!match && parent >= 0) await scrollRowToTop(pane, rows[parent].index);
      return match ?? null;
    },
    { timeout, what: `row ${label}${after ? ` after ${after}` : ''}` },
  );
  return { ...found, locator: pane.locator(`.monaco-list-row[data-index="${found.index}"]`) };
}

/** Expands the row `label` (the first after `after`, if given) unless it already is, and waits for `child` below it. */
export async function expandRow(pane, label, child, { after, timeout = 30000 } = {}) {
  const row = await rowOf(pane, label, { after, timeout });
  if (row.expanded !== 'true') await row.locator.click();
  return rowOf(pane, child, { after: label, timeout });
}
