/**
 * What a queued run asks for, kept as the run's `selection`: dbt-syntax
 * `select`/`exclude` over the product's transforms, or exactly `nodes` (a
 * re-execution of what failed). The pipeline job turns it into its plan.
 */
import { FloeError } from '../../errors/index.js';
import type { JsonObject } from '../state/index.js';

export interface RunRequestSelection {
  select?: string[];
  exclude?: string[];
  /** Run exactly these nodes (unique ids), each in the transform whose project it belongs to. */
  nodes?: string[];
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw new FloeError('FLOE_RUN_REQUEST_INVALID', `${field} must be a list of non-empty strings.`, { hint: 'e.g. {"select": ["+orders"], "exclude": ["tag:slow"]}' });
  }
  return value as string[];
}

/** Checks a selection given by a caller (API body, CLI) and returns it in stored form. */
export function runRequestSelection(value: unknown): RunRequestSelection | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FloeError('FLOE_RUN_REQUEST_INVALID', 'selection must be an object with select, exclude or nodes.', { hint: 'e.g. {"select": ["+orders"]}' });
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !['select', 'exclude', 'nodes'].includes(key));
  if (unknown.length > 0) {
    throw new FloeError('FLOE_RUN_REQUEST_INVALID', `selection has unknown key(s) ${unknown.join(', ')}.`, { hint: 'A selection has select, exclude and nodes.' });
  }
  const select = stringList(record.select, 'selection.select');
  const exclude = stringList(record.exclude, 'selection.exclude');
  const nodes = stringList(record.nodes, 'selection.nodes');
  if (!select && !exclude && !nodes) return null;
  return { ...(select ? { select } : {}), ...(exclude ? { exclude } : {}), ...(nodes ? { nodes } : {}) };
}

export function selectionJson(selection: RunRequestSelection | null): JsonObject | null {
  return selection ? (JSON.parse(JSON.stringify(selection)) as JsonObject) : null;
}
