/**
 * Driving the panels' controls as a user would, by role and accessible name, so the tests hold
 * whichever implementation webviews/shared/ui.ts uses (toolkit elements or native ones).
 */
import type { Locator, Page } from 'playwright-core';

/** Opens the dropdown named `label` and clicks the option whose value is `value`. */
export async function chooseOption(scope: Page | Locator, label: string, value: string): Promise<void> {
  const dropdown = scope.getByRole('combobox', { name: label, exact: true });
  await dropdown.click();
  await dropdown.locator(`[role="option"][value=${JSON.stringify(value)}]`).click();
}

/** The value a dropdown shows, read from the element the user sees. */
export async function shownOption(scope: Page | Locator, label: string): Promise<string> {
  return scope.getByRole('combobox', { name: label, exact: true }).evaluate((e) => (e as HTMLElement & { value: string }).value);
}

export function buttonNamed(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('button', { name, exact: true });
}
