/** A fresh copy of the tiny shop project (seed → view → table, with tests) in a temp dir, and the observability settings a test wants. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObservabilitySettings } from '../../../src/orchestrator/index.js';

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
