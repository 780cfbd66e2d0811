/**
 * `floe dev`'s files: `.floe/dev/compose.yaml`, `otel-collector.yaml` and
 * `init-db.sql`, built in a temp folder beside it and swapped in whole, so a
 * reader never sees a half-written stack.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../config/index.js';
import { collectorConfigYaml } from './collector-config.js';
import { composeYaml, devServices, initDatabaseSql, type DevService } from './compose-file.js';

export const DEV_STACK_DIR = join('.floe', 'dev');

export interface DevStack {
  /** The folder holding the files. */
  dir: string;
  composeFile: string;
  files: string[];
  services: DevService[];
  project: string;
}

export function writeDevStack(productDir: string, manifest: Manifest, environment: NodeJS.ProcessEnv = process.env): DevStack {
  const dir = join(productDir, DEV_STACK_DIR);
  const files: Record<string, string> = {
    'compose.yaml': composeYaml(manifest, { productMount: '../..', environment }),
    'otel-collector.yaml': collectorConfigYaml(),
    'init-db.sql': initDatabaseSql(manifest),
  };
  mkdirSync(join(productDir, '.floe'), { recursive: true });
  const staging = `${dir}.${process.pid}.tmp`;
  const previous = `${dir}.${process.pid}.old`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(staging, name), text);
  if (existsSync(dir)) renameSync(dir, previous);
  renameSync(staging, dir);
  rmSync(previous, { recursive: true, force: true });
  return { dir, composeFile: join(dir, 'compose.yaml'), files: Object.keys(files).map((name) => join(dir, name)), services: devServices(manifest), project: `floe-${manifest.metadata.name}` };
}
