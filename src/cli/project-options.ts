import { Command, Option } from 'commander';
import { FloeError } from '../errors/index.js';

/** Options shared by every command that works on a dbt-format project, as commander parsed them. */
export interface ProjectOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  /** `--vars` as typed (YAML text); the action parses it with `varsOf` (vars-option.ts). */
  vars?: string;
  select?: string[];
  exclude?: string[];
  threads?: number;
  fullRefresh?: boolean;
  failFast?: boolean;
  storeFailures?: boolean;
}

function parseThreads(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new FloeError('FLOE_CLI_THREADS', `--threads must be a whole number ≥ 1, got '${text}'`);
  return n;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addProjectOptions(command: Command, { selection = true, run = true } = {}): Command {
  command
    .option('--project-dir <dir>', 'the data product (folder with floe.yaml) or plain dbt-format project (folder with dbt_project.yml)', process.cwd())
    .option('--profiles-dir <dir>', 'folder holding profiles.yml (default: $DBT_PROFILES_DIR, the project folder, then ~/.dbt)')
    .option('-t, --target <name>', 'the profiles.yml target to use (default: the profile\'s `target`)')
    .addOption(new Option('--vars <yaml>', "variables for var(), as a YAML mapping, e.g. '{key: value}'"));
  if (selection) {
    command
      .option('-s, --select <selector>', 'nodes to include (repeatable; space-separated union, comma intersection)', collect)
      .option('--exclude <selector>', 'nodes to leave out (repeatable)', collect);
  }
  if (run) {
    command.addOption(new Option('--threads <n>', 'nodes to run at once (default: the target\'s threads)').argParser(parseThreads));
    command.option('--full-refresh', 'rebuild incremental models and seeds from scratch');
    command.option('-x, --fail-fast', 'stop at the first error or failing test (running statements are cancelled, the rest is skipped)');
    command.option('--store-failures', "keep every test's failing rows in <schema>_dbt_test__audit (a test's store_failures config wins)");
  }
  return command;
}

/** `--select "a b" --select c` → ['a b', 'c'] — each element is a union of space-separated parts. */
export function selectionOf(option: string[] | undefined): string[] | undefined {
  return option && option.length > 0 ? option : undefined;
}
