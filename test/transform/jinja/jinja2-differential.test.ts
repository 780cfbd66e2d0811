/**
 * Differential test against Python's Jinja2 (the reference dbt uses): every
 * case of jinja2-reference/cases.ts is rendered by floe and by Jinja2
 * (jinja2-reference/render.py) and the text must match. Needs python3 with
 * jinja2 (Debian's python3-jinja2, installed by .ci/run). Skipped locally
 * with a message when missing; in CI (CI=true) a missing Jinja2 fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JINJA2_CASES } from './jinja2-reference/cases.js';
import { hooks, jinja } from './support.js';

const SCRIPT = 'test/transform/jinja/jinja2-reference/render.py';

function pythonWithJinja(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import jinja2'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

const python = pythonWithJinja();
if (!python && process.env.CI === 'true') throw new Error('python3 with jinja2 is required in CI (apt-get install python3-jinja2; .ci/run does it)');
if (!python) console.warn('jinja2 differential test skipped: no python3 with jinja2 here (apt-get install python3-jinja2)');

describe.skipIf(!python)('floe renders Jinja2 constructs as Python Jinja2 does', () => {
  const reference = (): Array<{ output?: string; error?: string }> =>
    JSON.parse(execFileSync(python as string, [SCRIPT], { input: JSON.stringify(JINJA2_CASES), encoding: 'utf8' })) as Array<{ output?: string; error?: string }>;

  it('every case prints the same text', () => {
    const expected = reference();
    const engine = jinja();
    const differences: string[] = [];
    JINJA2_CASES.forEach((testCase, index) => {
      const python = expected[index];
      let actual: string;
      try {
        actual = engine.renderSync(testCase.template, 'case.sql', hooks({ extra: testCase.context ?? {} }));
      } catch (error) {
        actual = `ERROR ${(error as Error).message}`;
      }
      const wanted = python.error !== undefined ? `ERROR ${python.error}` : python.output;
      if (actual !== wanted) differences.push(`${testCase.construct}\n  template: ${testCase.template}\n  jinja2:   ${JSON.stringify(wanted)}\n  floe:     ${JSON.stringify(actual)}`);
    });
    expect(differences.join('\n\n')).toBe('');
  });

  it('no case is an error in Jinja2 (each documents working syntax)', () => {
    expect(reference().filter((r) => r.error !== undefined)).toEqual([]);
  });

  it('docs/dbt-compatibility.md lists every construct that is tested', () => {
    const doc = readFileSync('docs/dbt-compatibility.md', 'utf8');
    const missing = [...new Set(JINJA2_CASES.map((c) => c.construct))].filter((construct) => !doc.includes(`| ${construct} |`));
    expect(missing).toEqual([]);
  });
});
