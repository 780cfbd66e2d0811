import type { EnvironmentName } from '../config/index.js';

/*
 * Two constants the config module also exports (ENVIRONMENTS,
 * PRODUCT_FILE_NAMES). The CLI needs them before it knows whether a command
 * needs the config module at all, and importing that module loads every
 * config schema (zod) — which `floe --help` and a plain dbt `floe run` should
 * not pay for. test/cli/config-constants.test.ts keeps them equal.
 */

/** The `--env` choices. */
export const CLI_ENVIRONMENTS: readonly EnvironmentName[] = ['dev', 'staging', 'prod'];

/** A folder holding one of these is a data product; without, a plain dbt-format project. */
export const CLI_PRODUCT_FILE_NAMES: readonly string[] = ['floe.yaml', 'floe.yml'];
