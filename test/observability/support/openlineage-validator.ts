/**
 * Validates OpenLineage events against the official JSON Schemas in
 * test/fixtures/openlineage: the event against OpenLineage.json, and every
 * facet against the schema its own `_schemaURL` names. Facet schemas `$ref`
 * the main schema by its absolute `$id`, so all schemas are registered in one
 * Ajv instance and resolved by id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'openlineage');
const MAIN_ID = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

function loadJson(path: string): { $id: string } {
  return JSON.parse(readFileSync(path, 'utf8')) as { $id: string };
}

export function createOpenLineageValidator() {
  // strict: false because the official schemas use annotation keywords Ajv does not know (`example`).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(loadJson(join(FIXTURES, 'OpenLineage.json')));
  const facetDir = join(FIXTURES, 'facets');
  for (const file of readdirSync(facetDir).filter((f) => f.endsWith('.json'))) ajv.addSchema(loadJson(join(facetDir, file)));

  /** Every problem found, as readable strings; empty when the event is valid. */
  function problems(event: unknown): string[] {
    const found: string[] = [];
    const validateEvent = ajv.getSchema(MAIN_ID);
    if (!validateEvent) throw new Error('OpenLineage.json was not registered');
    if (!validateEvent(event)) found.push(...(validateEvent.errors ?? []).map((e) => `event${e.instancePath}: ${e.message}`));
    for (const { path, facet } of facetsOf(event)) {
      const schemaURL = facet._schemaURL;
      if (typeof facet._producer !== 'string') found.push(`${path}: missing _producer`);
      if (typeof schemaURL !== 'string') {
        found.push(`${path}: missing _schemaURL`);
        continue;
      }
      const validateFacet = ajv.getSchema(schemaURL);
      if (!validateFacet) {
        found.push(`${path}: no schema registered for ${schemaURL}`);
        continue;
      }
      if (!validateFacet(facet)) found.push(...(validateFacet.errors ?? []).map((e) => `${path}${e.instancePath}: ${e.message}`));
    }
    return found;
  }

  return { problems, schemaIds: () => Object.keys(ajv.schemas) };
}

type Json = Record<string, unknown>;

function facetsOf(event: unknown): Array<{ path: string; facet: Json }> {
  const out: Array<{ path: string; facet: Json }> = [];
  const collect = (path: string, map: unknown) => {
    if (typeof map !== 'object' || map === null) return;
    for (const [name, facet] of Object.entries(map as Json)) out.push({ path: `${path}.${name}`, facet: facet as Json });
  };
  const e = event as Json;
  collect('run.facets', (e.run as Json | undefined)?.facets);
  collect('job.facets', (e.job as Json | undefined)?.facets);
  for (const [key, list] of [['inputs', e.inputs], ['outputs', e.outputs]] as const) {
    (Array.isArray(list) ? (list as Json[]) : []).forEach((dataset, i) => {
      collect(`${key}[${i}].facets`, dataset.facets);
      collect(`${key}[${i}].inputFacets`, dataset.inputFacets);
      collect(`${key}[${i}].outputFacets`, dataset.outputFacets);
    });
  }
  return out;
}
