/**
 * Runs a run's job as `floe job run --run-id ID` in a child process on the
 * daemon's host. The child gets its own process group and writes its output
 * to a log file rather than a pipe, so it keeps running (and logging) when
 * the daemon stops or dies: the next leader finds it by host and pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject, Run } from '../../state/index.js';
import { lastLinesOfFile } from '../last-log-lines.js';
import type { JobStatus, LaunchContext, Launcher } from '../launcher.js';

export interface SubprocessLauncherOptions {
  /** The job's environment (FLOE_DATABASE_URL, secrets, FLOE_WAREHOUSE_DIR…). Default process.env. */
  env?: Record<string, string | undefined>;
  /** The command that runs floe. Default: this Node and this floe's dist/cli/main.js. */
  command?: string[];
  /** Where job logs go. Default <tmp>/floe-job-logs. */
  logDir?: string;
  /** How long a stopped job has to end after SIGTERM before SIGKILL. Default 10 s. */
  stopGraceMs?: number;
}

/** This floe's CLI: the same relative path from src/ (tests) and from dist/ (installed). */
export function defaultFloeCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../../../dist/cli/main.js', import.meta.url))];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LaunchRef {
  hostname: string;
  pid: number;
  logFile: string;
}

function refOf(run: Run): LaunchRef | undefined {
  const ref = run.launchRef as Partial<LaunchRef> | null;
  return ref && typeof ref.pid === 'number' && typeof ref.hostname === 'string' && typeof ref.logFile === 'string' ? (ref as LaunchRef) : undefined;
}

export class SubprocessLauncher implements Launcher {
  readonly kind = 'subprocess' as const;
  readonly #options: SubprocessLauncherOptions;
  readonly #children = new Map<string, ChildProcess>();
  readonly #host = hostname();

  constructor(options: SubprocessLauncherOptions = {}) {
    this.#options = options;
  }

  async launch(run: Run, context: LaunchContext): Promise<JsonObject> {
    const logDir = this.#options.logDir ?? join(tmpdir(), 'floe-job-logs');
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `${run.id}.log`);
    const fd = openSync(logFile, 'a');
    const [command, ...args] = this.#options.command ?? defaultFloeCommand();
    let child: ChildProcess;
    try {
      child = spawn(command, [...args, 'job', 'run', '--run-id', run.id], {
        env: { ...(this.#options.env ?? process.env), ...(context.traceContext ?? {}) },
        stdio: ['ignore', fd, fd],
        detached: true,
      });
    } finally {
      closeSync(fd);
    }
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    this.#children.set(run.id, child);
    child.once('exit', () => setTimeout(() => this.#children.delete(run.id), 60_000).unref());
    return { hostname: this.#host, pid: child.pid!, logFile };
  }

  async inspect(run: Run): Promise<JobStatus> {
    const ref = refOf(run);
    if (!ref) return { state: 'unknown' };
    const child = this.#children.get(run.id);
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      if (child.exitCode === 0) return { state: 'succeeded' };
      const reason = child.signalCode ? `killed by ${child.signalCode}` : `exit code ${child.exitCode}`;
      return { state: 'failed', reason, lastLogLines: lastLinesOfFile(ref.logFile) };
    }
    if (child) return { state: 'running' };
    if (ref.hostname !== this.#host) return { state: 'unknown' };
    if (isAlive(ref.pid)) return { state: 'running' };
    return { state: 'gone', reason: `process ${ref.pid} on ${ref.hostname} is gone`, lastLogLines: lastLinesOfFile(ref.logFile) };
  }

  async stop(run: Run): Promise<void> {
    const ref = refOf(run);
    if (!ref || ref.hostname !== this.#host || !isAlive(ref.pid)) return;
    const signal = (name: NodeJS.Signals): void => {
      try {
        process.kill(-ref.pid, name);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    setTimeout(() => {
      if (isAlive(ref.pid)) signal('SIGKILL');
    }, this.#options.stopGraceMs ?? 10_000).unref();
  }

  async close(): Promise<void> {
    // Children are detached: they finish their runs whoever leads next.
    this.#children.clear();
  }
}
