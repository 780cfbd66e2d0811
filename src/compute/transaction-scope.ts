/**
 * BEGIN/COMMIT bookkeeping shared by the engines' sessions. A transaction
 * opened inside another one joins it (no savepoint): a failure anywhere rolls
 * back the outer transaction.
 */
export class TransactionScope {
  private depth = 0;

  constructor(
    private readonly execute: (sql: string) => Promise<unknown>,
    private readonly beginStatement: string,
  ) {}

  get active(): boolean {
    return this.depth > 0;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.depth > 0) {
      this.depth++;
      try {
        return await work();
      } finally {
        this.depth--;
      }
    }
    await this.execute(this.beginStatement);
    this.depth = 1;
    let result: T;
    try {
      result = await work();
    } catch (error) {
      this.depth = 0;
      await this.execute('rollback').catch(() => undefined);
      throw error;
    }
    this.depth = 0;
    try {
      await this.execute('commit');
    } catch (error) {
      // PostgreSQL has already rolled back after a failed COMMIT; DuckDB needs it said.
      await this.execute('rollback').catch(() => undefined);
      throw error;
    }
    return result;
  }
}
