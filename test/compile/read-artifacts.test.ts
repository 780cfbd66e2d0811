import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProduct, readArtifacts, serializeArtifacts } from '../../src/compile/index.js';
import { FloeError } from '../../src/errors/index.js';
import { copyTinyProduct } from './tiny-product.js';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-read-'));
  created.push(dir);
  return dir;
};
const codeOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof FloeError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('readArtifacts', () => {
  it('says to compile first when there are no artifacts', () => {
    const dir = tempDir();
    expect(codeOf(() => readArtifacts(dir))).toBe('FLOE_ARTIFACTS_NOT_FOUND');
  });

  it('rejects a file that is not JSON, another contract major, and a document the schema rejects', async () => {
    const productDir = copyTinyProduct();
    created.push(productDir);
    const { artifacts } = await compileProduct({ productDir });
    const dir = tempDir();
    const file = join(dir, 'artifacts.json');

    writeFileSync(file, '{ not json');
    expect(codeOf(() => readArtifacts(file))).toBe('FLOE_ARTIFACTS_INVALID');

    writeFileSync(file, serializeArtifacts({ ...artifacts!, version: '2.0.0' }));
    expect(codeOf(() => readArtifacts(file))).toBe('FLOE_ARTIFACTS_VERSION');

    const tampered = JSON.parse(serializeArtifacts(artifacts!));
    tampered.transforms[0].compute.type = 'oracle';
    delete tampered.metadata.input_hashes;
    writeFileSync(file, JSON.stringify(tampered));
    try {
      readArtifacts(file);
      expect.unreachable();
    } catch (error) {
      expect((error as FloeError).code).toBe('FLOE_ARTIFACTS_INVALID');
      expect((error as FloeError).detail).toContain('transforms.0.compute.type');
      expect((error as FloeError).detail).toContain('metadata.input_hashes');
    }

    writeFileSync(file, serializeArtifacts({ ...artifacts!, version: '1.3.0' }));
    expect(readArtifacts(file).version).toBe('1.3.0');
  });
});
