/**
 * Compiled copies of the tiny product fixture (tiny-shop: a seed, three
 * models, a test, a schedule and an output port) for the orchestrator tests,
 * and a downstream product reading its output port.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProduct, writeArtifacts, type CompiledArtifacts } from '../../../src/compile/index.js';
import { packageBundle, type PackagedBundle } from '../../../src/orchestrator/bundle/index.js';
import { copyTinyProduct, edit } from '../../compile/tiny-product.js';

export interface CompiledProduct {
  dir: string;
  artifacts: CompiledArtifacts;
  remove(): void;
}

export interface ProductChanges {
  /** A new product name (metadata.name). */
  name?: string;
  version?: string;
  /** Replaces the `schedule:` block; null removes it. */
  schedule?: string | null;
  /** YAML list items appended as `input_ports`. */
  inputPorts?: Array<{ product: string; port: string }>;
  environment?: 'dev' | 'staging' | 'prod';
  /** gold_revenue runs until it is canceled (a ~10^10-row cross join), for tests that cancel a running run. */
  slowGold?: boolean;
}

export async function compiledTinyProduct(changes: ProductChanges = {}): Promise<CompiledProduct> {
  const dir = copyTinyProduct();
  if (changes.name) edit(dir, 'floe.yaml', 'name: tiny-shop', `name: ${changes.name}`);
  if (changes.version) edit(dir, 'floe.yaml', 'version: 0.1.0', `version: ${changes.version}`);
  if (changes.schedule !== undefined) edit(dir, 'floe.yaml', 'schedule:\n  cron: "0 6 * * *"\n', changes.schedule === null ? '' : `schedule:\n${changes.schedule}\n`);
  if (changes.inputPorts?.length) {
    const ports = changes.inputPorts.map((port) => `  - product: ${port.product}\n    port: ${port.port}\n`).join('');
    writeFileSync(join(dir, 'floe.yaml'), `${readFileSync(join(dir, 'floe.yaml'), 'utf8')}input_ports:\n${ports}`);
  }
  if (changes.slowGold) {
    const gold = 'shop/models/gold/gold_revenue.sql';
    edit(dir, gold, 'group by customer_id', 'where (select count(*) from range(0, 100000) a, range(0, 100000) b where a.range + b.range < 0) = 0 group by customer_id');
  }
  const result = await compileProduct({ productDir: dir, env: changes.environment ?? 'dev' });
  if (!result.artifacts || result.errors.length > 0) throw new Error(`the tiny product did not compile: ${result.errors.map((error) => error.message).join('; ')}`);
  writeArtifacts(dir, result.artifacts);
  return { dir, artifacts: result.artifacts, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tinyBundle(changes: ProductChanges = {}): Promise<PackagedBundle & { product: CompiledProduct }> {
  const product = await compiledTinyProduct(changes);
  return { ...(await packageBundle(product.dir, product.artifacts)), product };
}
