import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../../src/transform/project/simple-yaml.js';
import { loadYamlFully, YamlPositions } from '../../../src/transform/project/yaml-with-positions.js';

/** The fast reader must agree with the full parser whenever it answers. */
function agrees(text: string): boolean {
  const fastPositions = new YamlPositions('f.yml');
  const fast = parseSimpleYaml(text, fastPositions);
  const full = loadYamlFully(text, 'f.yml', []);
  if (!fast) return false;
  expect(fast.value, text).toEqual(full.value);
  return true;
}

const SUPPORTED = [
  'version: 2\nmodels:\n  - name: orders\n    description: "Orders: one row each"\n    columns:\n      - name: id\n        data_tests:\n          - unique\n          - not_null  # comment\n',
  "models:\n- name: a\n  config: {materialized: table, tags: ['x', \"y\"], enabled: false}\n  meta:\n    owner: 'O''Brien'\n    count: 3\n    ratio: 1.5\n    none: ~\n",
  'sources:\n  - name: shop\n    tables:\n      - name: t\n        columns:\n          - name: c\n            tests:\n              - accepted_values:\n                  values: [1, 2, "3"]\n              - relationships: {to: "ref(\'x\')", field: id}\n',
  'a:\n  - b\n  -\n    c: 1\n  - [1, [2, 3], {d: e}]\nempty:\nnext: value with spaces\nurl: http://example.com/x\n',
  'description: |\n  Line one\n    indented\n\n  # not a comment\n  last\nafter: >\n  folded one\n  folded two\n\n  new paragraph\nstrip: |-\n  no newline\nkey: end\n',
  '# only a comment\n',
  '',
  'list:\n- a\n- b\nother: 1\n',
  'quoted: "tab\\there \\"q\\" back\\\\slash"\nsingle: \'it\'\'s\'\n',
  'dates: 2020-01-01\nversions: 1.0\nbig: 12345\nneg: -3\nsci: 1e3\nyes: yes\n',
];

const UNSUPPORTED = [
  'a: &anchor 1\nb: *anchor\n',
  'a: !tag x\n',
  'a: multi\n  line plain\n',
  'a: [1,\n  2]\n',
  'a: 1\na: 2\n',
  '---\na: 1\n',
  'a:\n\tb: 1\n',
  'base: &b {x: 1}\nc:\n  <<: *b\n',
  'a: .inf\n',
  'keep: |+\n  x\n\n',
  'a: b: c\n',
  'text: >\n  a\n    more indented\n',
];

describe('the fast YAML reader', () => {
  it('agrees with the full parser on the YAML dbt projects are written in', () => {
    for (const text of SUPPORTED) expect(agrees(text), text).toBe(true);
  });

  it('declines everything outside its subset, so the full parser decides', () => {
    for (const text of UNSUPPORTED) expect(parseSimpleYaml(text, new YamlPositions('f.yml')), text).toBeUndefined();
  });

  it('agrees on every property file of the fixtures and examples', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(entry.name)) files.push(path);
      }
    };
    walk('test/fixtures/dbt');
    walk('examples');
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) agrees(readFileSync(file, 'utf8'));
  });

  it('records the positions the full parser records', () => {
    const text = 'models:\n  - name: m\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n';
    const fast = new YamlPositions('f.yml');
    const fastValue = parseSimpleYaml(text, fast)?.value as { models: Array<{ columns: Array<{ data_tests: string[] }> }> };
    const full = loadYamlFully(text, 'f.yml', []);
    const fullValue = full.value as typeof fastValue;
    const pick = (positions: YamlPositions, value: typeof fastValue) => [
      positions.key(value, 'models'),
      positions.of(value.models),
      positions.item(value.models, 0),
      positions.key(value.models[0], 'columns'),
      positions.item(value.models[0].columns[0].data_tests, 1),
      positions.of(value.models[0].columns[0]),
    ];
    expect(pick(fast, fastValue)).toEqual(pick(full.positions, fullValue));
  });
});
