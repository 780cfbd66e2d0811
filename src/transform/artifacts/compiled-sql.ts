/**
 * `target/compiled/<package>/<original_file_path>` (the rendered SELECT) and
 * `target/run/<package>/<original_file_path>` (the DDL/DML that ran), laid
 * out as dbt lays them out. A generic test, whose file is the property
 * YAML, goes in a folder named after that file: `…/models/schema.yml/<test>.sql`.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../files/index.js';
import type { ManifestNode } from '../types.js';

export type SqlArtifactKind = 'compiled' | 'run';

export function sqlArtifactPath(targetDir: string, kind: SqlArtifactKind, node: ManifestNode): string {
  const file = node.testMetadata || /\.ya?ml$/i.test(node.originalFilePath)
    ? join(node.originalFilePath, `${node.name}.sql`)
    : node.originalFilePath;
  return join(targetDir, kind, node.packageName, file);
}

export function writeSqlArtifact(targetDir: string, kind: SqlArtifactKind, node: ManifestNode, sql: string): string {
  const path = sqlArtifactPath(targetDir, kind, node);
  writeFileAtomic(path, withNewline(sql));
  return path;
}

let sequence = 0;

/**
 * The same, off the main thread (temp file + rename, so still atomic): a run
 * writes two files per node, and doing that synchronously was a visible
 * share of per-node overhead.
 */
export async function writeSqlArtifactAsync(targetDir: string, kind: SqlArtifactKind, node: ManifestNode, sql: string): Promise<string> {
  const path = sqlArtifactPath(targetDir, kind, node);
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${++sequence}.tmp`);
  try {
    await writeFile(temporary, withNewline(sql));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}

function withNewline(sql: string): string {
  return sql.endsWith('\n') ? sql : `${sql}\n`;
}
