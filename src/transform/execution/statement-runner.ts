/**
 * Every statement a node runs goes through here: it is timed, reported to
 * the listener, kept for `target/run/…`, and an engine error becomes a
 * FloeError that names the node and the offending SQL line.
 */
import { performance } from 'node:perf_hooks';
import type { ComputeSession, QueryResult } from '../../compute/index.js';
import type { ManifestNode, RunListener } from '../types.js';
import { FloeError } from '../../errors/index.js';
import { sqlError } from './sql-error.js';

export class StatementRunner {
  /** Statements that ran (or were attempted), in order. */
  readonly executed: string[] = [];

  constructor(
    readonly session: ComputeSession,
    private readonly node: ManifestNode,
    private readonly listener: Required<RunListener>,
    private readonly signal?: AbortSignal,
  ) {}

  /** Runs a statement of the node's work; refuses once the run is interrupted (Ctrl-C). */
  async execute(sql: string): Promise<QueryResult> {
    this.throwIfInterrupted();
    return this.cleanup(sql);
  }

  /** Runs a statement even after an interrupt: dropping temporary relations must still happen. */
  async cleanup(sql: string): Promise<QueryResult> {
    this.executed.push(sql);
    const started = performance.now();
    try {
      const result = await this.session.execute(sql);
      this.listener.onStatement(this.node, sql, performance.now() - started, result.rowsAffected);
      return result;
    } catch (error) {
      this.listener.onStatement(this.node, sql, performance.now() - started, undefined, error);
      throw sqlError(this.node, sql, error);
    }
  }

  /** A query a macro makes (`run_query`): reported, but not part of the node's `target/run` SQL. */
  async query(sql: string): Promise<QueryResult> {
    this.throwIfInterrupted();
    const started = performance.now();
    try {
      const result = await this.session.execute(sql);
      this.listener.onStatement(this.node, sql, performance.now() - started, result.rowsAffected);
      return result;
    } catch (error) {
      this.listener.onStatement(this.node, sql, performance.now() - started, undefined, error);
      throw sqlError(this.node, sql, error);
    }
  }

  /** Reports work that is not one SQL statement (a CSV bulk load) the same way. */
  async measure<T>(description: string, work: () => Promise<T>, rows: (value: T) => number | undefined): Promise<T> {
    this.throwIfInterrupted();
    this.executed.push(description);
    const started = performance.now();
    try {
      const value = await work();
      this.listener.onStatement(this.node, description, performance.now() - started, rows(value));
      return value;
    } catch (error) {
      this.listener.onStatement(this.node, description, performance.now() - started, undefined, error);
      throw sqlError(this.node, description, error);
    }
  }

  throwIfInterrupted(): void {
    if (!this.signal?.aborted) return;
    throw new FloeError('FLOE_INTERRUPTED', `${this.node.resourceType} ${this.node.name} was stopped: the run was interrupted`, {
      position: { file: this.node.originalFilePath },
      hint: 'run again to build it; the previous version of its relation is unchanged',
    });
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.session.transaction(work);
  }
}
