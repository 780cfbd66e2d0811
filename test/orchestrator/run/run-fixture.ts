/** A fresh copy of the tiny shop project (seed → view → table, with tests) in a temp dir, and the observability settings a test wants. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStateStore, type ObservabilitySettings, type StateStore } from '../../../src/orchestrator/index.js';

export const SHOP_FIXTURE = join(import.meta.dirname, '../../fixtures/run/shop');

export function copyShop(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-run-'));
  cpSync(SHOP_FIXTURE, dir, { recursive: true });
  return dir;
}

export function quietObservability(overrides: Partial<ObservabilitySettings> = {}): ObservabilitySettings {
  return {
    tracing: { exporter: 'none', sampleRatio: 1, serviceName: 'floe-test' },
    lineage: { transport: 'none', namespace: 'floe-test' },
    ...overrides,
  };
}

export const MODEL = 'model.shop.customer_revenue';
export const VIEW = 'model.shop.stg_orders';
export const SEED = 'seed.shop.raw_orders';

export type Cleanup = Array<() => Promise<void> | void>;

/** Steps pushed onto the returned list run after each test, last first. */
export function cleanupAfterEach(): Cleanup {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  return cleanup;
}

/** A fresh copy of the shop project with its embedded state store open; both go away after the test. */
export async function shopWithStore(cleanup: Cleanup): Promise<{ dir: string; store: StateStore }> {
  const dir = copyShop();
  const { store } = await openLocalStateStore(dir, { env: {} });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => store.close());
  return { dir, store };
}
