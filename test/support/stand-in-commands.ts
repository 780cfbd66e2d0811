/**
 * STAND-IN commands for tests: small scripts put first on PATH in place of
 * `helm` or `docker`, which record every invocation (arguments, one JSON line
 * each) and answer with a fixed exit code and output. They stand in for
 * binaries that cannot run here (no container engine, no cluster); the code
 * under test runs them exactly as it would run the real ones.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface StandIn {
  /** The folder to put first on PATH. */
  binDir: string;
  /** Every recorded invocation of `name`, oldest first. */
  calls(name: string): string[][];
  /** PATH with the stand-ins first. */
  path: string;
  remove(): void;
}

export interface StandInBehaviour {
  /** Exit code (default 0). */
  exitCode?: number;
  /** Printed on stdout. */
  stdout?: string;
  /** Printed on stderr. */
  stderr?: string;
}

export function createStandIns(commands: Record<string, StandInBehaviour>, options: { keepPath?: boolean } = {}): StandIn {
  const binDir = mkdtempSync(join(tmpdir(), 'floe-stand-in-'));
  for (const [name, behaviour] of Object.entries(commands)) {
    const log = join(binDir, `${name}.calls.jsonl`);
    const script = `#!/usr/bin/env node
// Stand-in for \`${name}\` (floe tests): records its arguments and answers as told.
const { appendFileSync } = require('node:fs');
appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');
process.stdout.write(${JSON.stringify(behaviour.stdout ?? '')});
process.stderr.write(${JSON.stringify(behaviour.stderr ?? '')});
process.exitCode = ${behaviour.exitCode ?? 0};
`;
    writeFileSync(join(binDir, name), script);
    chmodSync(join(binDir, name), 0o755);
  }
  return {
    binDir,
    path: options.keepPath === false ? binDir : [binDir, process.env.PATH ?? ''].join(delimiter),
    calls(name) {
      const log = join(binDir, `${name}.calls.jsonl`);
      if (!existsSync(log)) return [];
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]);
    },
    remove() {
      rmSync(binDir, { recursive: true, force: true });
    },
  };
}

/** A PATH on which `node` is found but none of the given commands (e.g. no docker, no helm). */
export function pathWithout(...commands: string[]): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !commands.some((command) => existsSync(join(dir, command))))
    .join(delimiter);
}
