/**
 * Which experiments a command given tree rows acts on (Open Runs Table, Export Runs). Pure, no `vscode`,
 * so the unit tests check it directly.
 */
import { ProtocolLimits } from '../shared/webviewProtocol';

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= ProtocolLimits.maxIdLength;
}

/**
 * `{ experimentIds }`, an experiment id, or the rows selected in the tree (VS Code passes the clicked
 * row, then the whole selection when the click was inside it): each experiment, and every experiment
 * inside each folder, once, in the order the tree shows them (the selection's own order is the order
 * of the clicks).
 */
export function experimentIdsFrom(arg: unknown, selection?: unknown): string[] {
  if (isId(arg)) return [arg];
  const given = field(arg, 'experimentIds');
  if (field(arg, 'kind') === undefined && Array.isArray(given) && given.every(isId)) return [...new Set(given)];
  const rows = Array.isArray(selection) && selection.length > 0 ? selection : [arg];
  const ids = new Set<string>();
  const treeOrder = new Map<string, number>();
  const place = (experimentRow: unknown) => {
    const [id, order] = [field(experimentRow, 'experimentId'), field(experimentRow, 'treeOrder')];
    if (isId(id) && typeof order === 'number') treeOrder.set(id, order);
  };
  for (const row of rows) {
    const kind = field(row, 'kind');
    const inside = kind === 'experiment' ? [field(row, 'experimentId')] : kind === 'folder' ? field(row, 'experimentIds') : [];
    if (Array.isArray(inside)) for (const id of inside) if (isId(id)) ids.add(id);
    if (kind === 'experiment') place(row);
    const insideRows = kind === 'folder' ? field(row, 'experiments') : undefined;
    if (Array.isArray(insideRows)) insideRows.forEach(place);
  }
  // Rows the tree has not placed (yet) keep their selection order, after the placed ones (the sort is stable).
  const rank = (id: string) => treeOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...ids].sort((a, b) => rank(a) - rank(b));
}
