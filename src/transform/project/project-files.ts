/**
 * The read phase for one dbt project (the root project or an installed
 * package): its dbt_project.yml, then every file its paths name, each read
 * once. Everything after this phase works on these snapshots and touches no
 * disk.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { FloeError } from '../../errors/index.js';
import { discoverFiles, type FolderListings, type ProjectFile } from './file-discovery.js';
import { PROJECT_FILE, parseProjectSettings, type LoadedSettings } from './project-settings.js';

export interface ProjectFiles {
  /** Absolute folder holding dbt_project.yml. */
  dir: string;
  isRoot: boolean;
  /** How the project's files are named in messages: '' for the root, `dbt_packages/dbt_utils/` for a package. */
  displayPrefix: string;
  projectFileText: string;
  loaded: LoadedSettings;
  models: ProjectFile[];
  seeds: ProjectFile[];
  /** `tests/**.sql` except `tests/generic/`. */
  singularTests: ProjectFile[];
  /** `macros/**.sql` and `tests/generic/**.sql` (where `{% test %}` blocks live). */
  macroFiles: ProjectFile[];
  snapshots: ProjectFile[];
  /** Property YAML from every resource folder. */
  yaml: ProjectFile[];
  markdown: ProjectFile[];
  /** `<test-path>/fixtures/**.csv|.sql`: rows unit tests name with `fixture:`. */
  fixtures: ProjectFile[];
  /** sha256 of each seed (dbt's checksum: the path for files over 1 MiB). */
  seedChecksums: Map<string, string>;
}

function dedupe(files: ProjectFile[]): ProjectFile[] {
  const seen = new Set<string>();
  return files.filter((file) => (seen.has(file.absolutePath) ? false : (seen.add(file.absolutePath), true)));
}

function seedChecksum(file: ProjectFile): string {
  try {
    if (statSync(file.absolutePath).size > 1024 * 1024) return file.originalFilePath;
    return createHash('sha256').update(readFileSync(file.absolutePath)).digest('hex');
  } catch {
    return '';
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Read one project. `rootDir` names the root project's folder (messages about
 * a package's files show its path from there). Undefined when dbt_project.yml
 * itself is unusable (the errors say why).
 */
export function readProjectFiles(
  dir: string,
  rootDir: string,
  cliVars: Record<string, unknown>,
  env: Record<string, string | undefined>,
  errors: FloeError[],
  warnings: FloeError[],
): ProjectFiles | undefined {
  const isRoot = dir === rootDir;
  const displayPrefix = isRoot ? '' : `${toPosix(relative(rootDir, dir))}/`;
  const projectFileText = readFileSync(join(dir, PROJECT_FILE), 'utf8');
  const loaded = parseProjectSettings(projectFileText, displayPrefix + PROJECT_FILE, cliVars, env, errors, warnings);
  if (!loaded) return undefined;
  const { settings } = loaded;
  const listings: FolderListings = new Map();
  const withDisplay = (files: ProjectFile[]): ProjectFile[] => {
    for (const file of files) file.displayPath = displayPrefix + file.originalFilePath;
    return files;
  };
  const models = withDisplay(discoverFiles(dir, settings.modelPaths, ['sql'], true, listings));
  const seeds = withDisplay(discoverFiles(dir, settings.seedPaths, ['csv'], false, listings));
  const allTests = withDisplay(discoverFiles(dir, settings.testPaths, ['sql'], true, listings));
  const isGeneric = (file: ProjectFile): boolean => file.folders[0] === 'generic';
  const macroFiles = [...withDisplay(discoverFiles(dir, settings.macroPaths, ['sql'], true, listings)), ...allTests.filter(isGeneric)];
  const fixtures = withDisplay(discoverFiles(dir, settings.testPaths, ['csv', 'sql'], true, listings).filter((file) => file.folders[0] === 'fixtures'));
  const snapshots = withDisplay(discoverFiles(dir, settings.snapshotPaths, ['sql'], true, listings));
  const yaml = withDisplay(
    dedupe(discoverFiles(dir, [...settings.modelPaths, ...settings.seedPaths, ...settings.snapshotPaths, ...settings.macroPaths, ...settings.testPaths, ...settings.analysisPaths], ['yml', 'yaml'], true, listings)),
  );
  const markdown = withDisplay(dedupe(discoverFiles(dir, [...settings.docsPaths, ...settings.modelPaths], ['md'], true, listings)));
  const seedChecksums = new Map(seeds.map((file) => [file.originalFilePath, seedChecksum(file)]));
  return {
    dir,
    isRoot,
    displayPrefix,
    projectFileText,
    loaded,
    models,
    seeds,
    singularTests: allTests.filter((file) => !isGeneric(file) && file.folders[0] !== 'fixtures'),
    fixtures,
    macroFiles,
    snapshots,
    yaml,
    markdown,
    seedChecksums,
  };
}
