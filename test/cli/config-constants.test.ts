/** The CLI's copies of two config constants (kept so `floe --help` need not load the config schemas) match the originals. */
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, PRODUCT_FILE_NAMES } from '../../src/config/index.js';
import { CLI_ENVIRONMENTS, CLI_PRODUCT_FILE_NAMES } from '../../src/cli/config-constants.js';

describe('the CLI copies of config constants', () => {
  it('offers exactly the environments the config knows, in its order', () => {
    expect(CLI_ENVIRONMENTS).toEqual(ENVIRONMENTS);
  });

  it('recognises a data product by exactly the file names the config loads', () => {
    expect(CLI_PRODUCT_FILE_NAMES).toEqual(PRODUCT_FILE_NAMES);
  });
});
