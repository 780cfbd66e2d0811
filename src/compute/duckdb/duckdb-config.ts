/** A DuckDB target's settings, resolved: absolute file path (or `:memory:`), schema. */
import { isAbsolute, join, resolve } from 'node:path';
import type { CreateAdapterOptions } from '../adapter.js';
import { TargetSettings, type LooseTargetConfig } from '../target-config.js';

export interface DuckDbSettings {
  /** Absolute path, or `:memory:`. */
  path: string;
  schema: string;
}

export function readDuckDbSettings(config: LooseTargetConfig, options: CreateAdapterOptions): DuckDbSettings {
  const settings = new TargetSettings(config, 'duckdb');
  const path = settings.string('path') ?? (options.projectName ? join('warehouse', `${options.projectName}.duckdb`) : ':memory:');
  const inMemory = path.startsWith(':memory:');
  return {
    path: inMemory || isAbsolute(path) ? path : resolve(options.projectRoot ?? process.cwd(), path),
    schema: settings.string('schema') ?? 'main',
  };
}
