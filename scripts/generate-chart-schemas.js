#!/usr/bin/env node
/**
 * Writes each chart's values.schema.json from its values.yaml: the value
 * gives the type and the default, the `# --` comment above a key its
 * description. Every key must have one; objects are strict (no unknown keys)
 * unless marked `@free`. Markers at the start of a description:
 *   @enum a|b     the allowed values
 *   @items T      array items of JSON type T
 *   @free         an object or array whose contents the chart passes through
 * Usage: node scripts/generate-chart-schemas.js [--check]  (--check: fail if a file would change)
 */
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, isScalar, parseDocument } from 'yaml';

const chartsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'charts');

function descriptionOf(comment) {
  if (!comment) return undefined;
  const lines = comment.split('\n').map((line) => line.trim());
  const start = lines.map((line) => line.startsWith('--')).lastIndexOf(true);
  if (start < 0) return undefined;
  return lines
    .slice(start)
    .join(' ')
    .replace(/^--\s*/, '')
    .trim();
}

function markers(description) {
  const found = {};
  let text = description;
  for (let match = /^@(enum|items|free)\b\s*/.exec(text); match; match = /^@(enum|items|free)\b\s*/.exec(text)) {
    text = text.slice(match[0].length);
    if (match[1] === 'free') {
      found.free = true;
      continue;
    }
    const argument = /^\S+/.exec(text)?.[0] ?? '';
    found[match[1]] = argument;
    text = text.slice(argument.length).trimStart();
  }
  return { ...found, text: text.trim() };
}

/** Structural keys every chart repeats, described once here. */
const STANDARD_DESCRIPTIONS = {
  image: 'The container image.',
  resources: 'Requests and limits of the container (Kubernetes resources).',
  requests: 'What the scheduler reserves for the container.',
  limits: 'The most the container may use.',
  persistence: 'The data volume (a PersistentVolumeClaim).',
  pdb: 'The PodDisruptionBudget.',
  hpa: 'The HorizontalPodAutoscaler.',
  livenessProbe: 'The liveness probe.',
  service: 'The Service in front of the pods.',
  secretKeys: 'Keys inside that Secret.',
  credentials: 'Credentials, by Secret name.',
};

function jsonType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function schemaOf(node, description, path, missing) {
  const { enum: allowed, items, free, text } = markers(description ?? '');
  if (description === undefined) missing.push(path);
  const value = node.toJSON();
  const schema = { description: text, default: value };
  if (isMap(node)) {
    schema.type = 'object';
    if (free) {
      schema.additionalProperties = true;
      return schema;
    }
    schema.additionalProperties = false;
    schema.properties = {};
    node.items.forEach((pair, index) => {
      const comment = pair.key.commentBefore ?? (index === 0 ? node.commentBefore : undefined);
      const description = descriptionOf(comment) ?? STANDARD_DESCRIPTIONS[pair.key.value];
      schema.properties[pair.key.value] = schemaOf(pair.value, description, `${path}.${pair.key.value}`, missing);
    });
    return schema;
  }
  if (isSeq(node)) {
    schema.type = 'array';
    schema.items = items ? { type: items } : free ? {} : { type: jsonType(value[0] ?? '') };
    return schema;
  }
  if (isScalar(node)) {
    schema.type = jsonType(value);
    if (allowed) schema.enum = allowed.split('|');
    return schema;
  }
  throw new Error(`${path}: unsupported YAML node`);
}

export function chartSchema(valuesText, chartName, dependencies = []) {
  const document = parseDocument(valuesText);
  const missing = [];
  const root = document.contents;
  const properties = {};
  root.items.forEach((pair, index) => {
    const comment = pair.key.commentBefore ?? (index === 0 ? (root.commentBefore ?? document.commentBefore) : undefined);
    properties[pair.key.value] = schemaOf(pair.value, descriptionOf(comment) ?? STANDARD_DESCRIPTIONS[pair.key.value], pair.key.value, missing);
  });
  // helm adds a key per dependency (the library chart floe-common has no values).
  for (const dependency of dependencies) {
    properties[dependency] ??= { description: `Values of the ${dependency} chart (a library: none).`, default: {}, type: 'object' };
  }
  return {
    schema: {
      $schema: 'https://json-schema.org/draft-07/schema#',
      title: `${chartName} values`,
      type: 'object',
      additionalProperties: false,
      properties,
    },
    missing,
  };
}

const check = process.argv.includes('--check');
let failed = false;
for (const chart of readdirSync(chartsDir)) {
  const valuesPath = join(chartsDir, chart, 'values.yaml');
  if (!existsSync(valuesPath)) continue;
  const chartYaml = parseDocument(readFileSync(join(chartsDir, chart, 'Chart.yaml'), 'utf8')).toJSON();
  const dependencies = (chartYaml.dependencies ?? []).map((dependency) => dependency.alias ?? dependency.name);
  const { schema, missing } = chartSchema(readFileSync(valuesPath, 'utf8'), chart, dependencies);
  if (missing.length > 0) {
    console.error(`${valuesPath}: keys without a "# --" description:\n  ${missing.join('\n  ')}`);
    failed = true;
    continue;
  }
  const target = join(chartsDir, chart, 'values.schema.json');
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (check) {
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
      console.error(`${target} is out of date: run node scripts/generate-chart-schemas.js`);
      failed = true;
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
}
process.exitCode = failed ? 1 : 0;
