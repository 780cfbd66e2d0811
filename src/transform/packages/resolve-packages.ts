/**
 * From declarations to the exact set of packages to install: hub packages
 * get the highest version every requirer accepts (ranges from all of them,
 * dependencies of dependencies included), git packages their one revision,
 * local and tarball packages what they are. Runs to a fixed point, because a
 * different version of one package may bring different dependencies.
 * Conflicts name every requirer with what it asked for.
 */
import { FloeError } from '../../errors/index.js';
import type { HubRegistry, HubVersion } from './hub-registry.js';
import type { LockEntry } from './package-lock.js';
import { readPackageProject } from './package-project.js';
import { fetchGitPackage, fetchTarballPackage, localPackageDir, type WorkFolder } from './package-sources.js';
import { parsePackageFile, readDeclaredPackages, specLabel, type PackageSpec } from './package-specs.js';
import { highestSatisfying } from './version-choice.js';
import { parseVersionSpecifiers, type VersionRange } from './version-ranges.js';

export interface Requirement {
  spec: PackageSpec;
  /** `the root project` or `dbt-labs/dbt_utils@1.1.1`. */
  requiredBy: string;
  /** Folder local paths in `spec` are relative to. */
  declaredIn: string;
}

export interface ResolvedPackage {
  /** The project name (its dbt_project.yml `name`): the folder it is installed in. */
  name: string;
  /** Where it is now: a work folder (downloads) or the local folder itself. */
  dir: string;
  lock: LockEntry;
  /** `dbt-labs/dbt_utils@1.1.1`, `file:///repo@3f2a…`, for messages. */
  label: string;
  requireDbtVersion?: string[];
  requiredBy: string[];
}

export interface ResolveContext {
  hub: HubRegistry;
  work: WorkFolder;
  env: Record<string, string | undefined>;
  warnings: FloeError[];
}

const MAX_ROUNDS = 25;

function keyOf(spec: PackageSpec, declaredIn: string): string {
  switch (spec.kind) {
    case 'hub':
      return `hub:${spec.package.toLowerCase()}`;
    case 'git':
      return `git:${spec.git.replace(/\.git$/, '').replace(/\/+$/, '')}#${spec.subdirectory ?? ''}`;
    case 'local':
      return `local:${localPackageDir(spec.local, declaredIn)}`;
    case 'tarball':
      return `tarball:${spec.tarball}`;
  }
}

function conflict(message: string, lines: string[], hint: string): FloeError {
  return new FloeError('FLOE_DEPS_CONFLICT', message, { detail: lines.join('\n'), hint });
}

/** The dependencies a fetched (non-hub) package declares. */
function declaredDependencies(dir: string, label: string, context: ResolveContext): PackageSpec[] {
  const errors: FloeError[] = [];
  const declared = readDeclaredPackages(dir, context.env, errors, context.warnings);
  if (errors.length > 0) throw new FloeError(errors[0].code, `package ${label}: ${errors[0].message}`, { position: errors[0].position, hint: errors[0].hint });
  return declared.specs;
}

/** The dependencies a hub version lists, read as package specs. */
function hubDependencies(version: HubVersion, label: string, context: ResolveContext): PackageSpec[] {
  if (version.packages.length === 0) return [];
  const errors: FloeError[] = [];
  const text = JSON.stringify({ packages: version.packages });
  const specs = parsePackageFile(text, `${label} (hub metadata)`, context.env, errors, []) ?? [];
  if (errors.length > 0) throw new FloeError('FLOE_DEPS_HUB_FAILED', `the hub lists dependencies of ${label} that floe cannot read: ${errors[0].message}`);
  return specs;
}

interface NonHubFetch {
  resolved: ResolvedPackage;
  dependencies: PackageSpec[];
}

export class PackageResolver {
  private readonly fetched = new Map<string, Promise<NonHubFetch>>();
  private readonly hubFetched = new Map<string, Promise<ResolvedPackage>>();

  constructor(private readonly context: ResolveContext) {}

  /** Resolve `root` (declared in `rootDir`) and everything they depend on. */
  async resolve(root: readonly PackageSpec[], rootDir: string): Promise<ResolvedPackage[]> {
    let choices = new Map<string, string>();
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const { hubRequirements, nonHub, expandedWith } = await this.collect(root, rootDir, choices);
      const next = new Map<string, string>();
      for (const [id, requirements] of hubRequirements) next.set(id, await this.choose(id, requirements));
      const settled = next.size === expandedWith.size && [...next].every(([id, version]) => expandedWith.get(id) === version);
      if (settled) return this.finish(next, hubRequirements, nonHub);
      choices = next;
    }
    throw new FloeError('FLOE_DEPS_CONFLICT', `package versions did not settle after ${MAX_ROUNDS} rounds of resolution`, {
      hint: 'pin exact versions in packages.yml for the packages whose dependencies keep changing',
    });
  }

  /** Walk the requirements from the root, expanding each hub package at its current choice. */
  private async collect(root: readonly PackageSpec[], rootDir: string, choices: Map<string, string>) {
    const hubRequirements = new Map<string, Requirement[]>();
    const nonHub = new Map<string, { requirements: Requirement[]; fetched: NonHubFetch }>();
    const expandedWith = new Map<string, string>();
    const queue: Requirement[] = root.map((spec) => ({ spec, requiredBy: 'the root project', declaredIn: rootDir }));
    while (queue.length > 0) {
      const requirement = queue.shift() as Requirement;
      const { spec } = requirement;
      if (spec.kind === 'hub') {
        const id = spec.package;
        const list = hubRequirements.get(id);
        if (list) {
          list.push(requirement);
          continue;
        }
        hubRequirements.set(id, [requirement]);
        const version = choices.get(id) ?? (await this.choose(id, [requirement]));
        expandedWith.set(id, version);
        const entry = (await this.hubEntry(id, requirement)).versions.get(version) as HubVersion;
        const label = `${id}@${version}`;
        for (const dependency of hubDependencies(entry, label, this.context)) queue.push({ spec: dependency, requiredBy: label, declaredIn: rootDir });
        continue;
      }
      const key = keyOf(spec, requirement.declaredIn);
      const existing = nonHub.get(key);
      if (existing) {
        existing.requirements.push(requirement);
        continue;
      }
      const fetched = await this.fetchNonHub(key, requirement);
      nonHub.set(key, { requirements: [requirement], fetched });
      for (const dependency of fetched.dependencies) queue.push({ spec: dependency, requiredBy: fetched.resolved.label, declaredIn: fetched.resolved.dir });
    }
    return { hubRequirements, nonHub, expandedWith };
  }

  private async hubEntry(id: string, requirement: Requirement) {
    const entry = await this.context.hub.lookup(id);
    if (!entry) {
      throw new FloeError('FLOE_DEPS_NOT_FOUND', `package ${id} is not on the package hub`, {
        position: requirement.requiredBy === 'the root project' ? requirement.spec.position : undefined,
        detail: `required by ${requirement.requiredBy}; hub: ${this.context.hub.url}`,
        hint: 'check the spelling (namespace/name, e.g. dbt-labs/dbt_utils), or install it from git: instead',
      });
    }
    return entry;
  }

  private async choose(id: string, requirements: Requirement[]): Promise<string> {
    const entry = await this.hubEntry(id, requirements[0]);
    const ranges: VersionRange[] = [];
    for (const requirement of requirements) {
      const spec = requirement.spec as Extract<PackageSpec, { kind: 'hub' }>;
      const range = parseVersionSpecifiers(spec.versions);
      if (!range) {
        throw new FloeError('FLOE_PACKAGES_INVALID', `${id}: '${spec.versions.join(', ')}' is not a version range`, {
          position: requirement.requiredBy === 'the root project' ? spec.position : undefined,
          detail: `required by ${requirement.requiredBy}`,
          hint: 'write versions like 1.2.3, or ranges like [">=1.0.0", "<2.0.0"]',
        });
      }
      ranges.push(range);
    }
    const prerelease = requirements.some((r) => (r.spec as Extract<PackageSpec, { kind: 'hub' }>).installPrerelease);
    const version = highestSatisfying(entry.versions.keys(), ranges, prerelease);
    if (version) return version;
    const lines = requirements.map((r) => `${r.requiredBy} requires ${id} ${(r.spec as Extract<PackageSpec, { kind: 'hub' }>).versions.join(', ')}`);
    lines.push(`published versions: ${[...entry.versions.keys()].join(', ') || 'none'}`);
    throw conflict(
      requirements.length > 1 ? `no version of ${id} satisfies every package that requires it` : `no published version of ${id} satisfies ${lines[0].split(' requires ')[1]}`,
      lines,
      requirements.length > 1 ? 'widen the range in your packages.yml, or upgrade the package whose range is too narrow' : 'change the version range in packages.yml',
    );
  }

  private fetchNonHub(key: string, requirement: Requirement): Promise<NonHubFetch> {
    let pending = this.fetched.get(key);
    if (!pending) {
      pending = this.fetchOne(requirement);
      this.fetched.set(key, pending);
    }
    return pending;
  }

  private async fetchOne(requirement: Requirement): Promise<NonHubFetch> {
    const { spec } = requirement;
    let dir: string;
    let lock: LockEntry;
    let label: string;
    if (spec.kind === 'local') {
      dir = localPackageDir(spec.local, requirement.declaredIn);
      label = spec.local;
      lock = { name: '', kind: 'local', local: spec.local };
    } else if (spec.kind === 'git') {
      if (spec.revision === undefined && spec.warnUnpinned !== false) {
        this.context.warnings.push(
          new FloeError('FLOE_DEPS_UNPINNED', `the git package ${spec.git} is not pinned: floe deps installs whatever its default branch holds today`, {
            severity: 'warning',
            ...(requirement.requiredBy === 'the root project' ? { position: spec.position } : {}),
            hint: 'add revision: <a tag or commit> (or warn-unpinned: false to accept this)',
          }),
        );
      }
      const checkout = await fetchGitPackage(spec.git, spec.revision, spec.subdirectory, this.context.work);
      dir = checkout.dir;
      label = `${spec.git}@${spec.revision ?? checkout.commit.slice(0, 10)}`;
      lock = { name: '', kind: 'git', git: spec.git, revision: checkout.commit, ...(spec.subdirectory ? { subdirectory: spec.subdirectory } : {}) };
    } else if (spec.kind === 'tarball') {
      dir = await fetchTarballPackage(spec.tarball, undefined, this.context.work);
      label = spec.tarball;
      lock = { name: '', kind: 'tarball', tarball: spec.tarball };
    } else {
      throw new Error('internal: hub packages are not fetched here');
    }
    const project = readPackageProject(dir, label);
    if (spec.kind === 'tarball' && project.name !== spec.name) {
      throw new FloeError('FLOE_PACKAGES_INVALID', `the tarball ${spec.tarball} holds project '${project.name}', not '${spec.name}'`, {
        position: spec.position,
        hint: `set name: ${project.name}`,
      });
    }
    lock.name = project.name;
    return {
      resolved: { name: project.name, dir, lock, label, requiredBy: [], ...(project.requireDbtVersion ? { requireDbtVersion: project.requireDbtVersion } : {}) },
      dependencies: declaredDependencies(dir, label, this.context),
    };
  }

  /** Download the chosen hub versions and check that no two packages share a project name. */
  private async finish(choices: Map<string, string>, hubRequirements: Map<string, Requirement[]>, nonHub: Map<string, { requirements: Requirement[]; fetched: NonHubFetch }>): Promise<ResolvedPackage[]> {
    const result: ResolvedPackage[] = [];
    for (const [id, version] of choices) {
      const resolved = await this.downloadHub(id, version);
      result.push({ ...resolved, requiredBy: (hubRequirements.get(id) ?? []).map((r) => r.requiredBy) });
    }
    for (const { requirements, fetched } of nonHub.values()) {
      if (fetched.resolved.lock.kind === 'git') {
        const revisions = new Map<string, string[]>();
        for (const r of requirements) {
          const revision = (r.spec as Extract<PackageSpec, { kind: 'git' }>).revision ?? '(default branch)';
          revisions.set(revision, [...(revisions.get(revision) ?? []), r.requiredBy]);
        }
        if (revisions.size > 1) {
          throw conflict(
            `${specLabel(requirements[0].spec)} is required at ${revisions.size} different revisions`,
            [...revisions].map(([revision, by]) => `${by.join(', ')} requires revision ${revision}`),
            'make every packages.yml ask for the same revision',
          );
        }
      }
      result.push({ ...fetched.resolved, requiredBy: requirements.map((r) => r.requiredBy) });
    }
    const byName = new Map<string, ResolvedPackage>();
    for (const pkg of result) {
      const other = byName.get(pkg.name);
      if (other) {
        throw conflict(
          `two different packages are both named '${pkg.name}'`,
          [`${other.label}, required by ${other.requiredBy.join(', ')}`, `${pkg.label}, required by ${pkg.requiredBy.join(', ')}`],
          'install the package from one source only (the hub or git), everywhere it is required',
        );
      }
      byName.set(pkg.name, pkg);
    }
    return result;
  }

  downloadHub(id: string, version: string): Promise<ResolvedPackage> {
    const key = `${id}@${version}`;
    let pending = this.hubFetched.get(key);
    if (!pending) {
      pending = (async () => {
        const entry = await this.context.hub.lookup(id);
        const published = entry?.versions.get(version);
        if (!published) {
          throw new FloeError('FLOE_DEPS_NOT_FOUND', `version ${version} of ${id} is not on the package hub`, {
            hint: 'package-lock.yml may name a version that was withdrawn: run floe deps --upgrade',
          });
        }
        const dir = await fetchTarballPackage(published.tarball, published.sha1, this.context.work);
        const project = readPackageProject(dir, key);
        return {
          name: project.name,
          dir,
          lock: { name: project.name, kind: 'hub', package: id, version },
          label: key,
          requiredBy: [],
          ...(project.requireDbtVersion ? { requireDbtVersion: project.requireDbtVersion } : {}),
        };
      })();
      this.hubFetched.set(key, pending);
    }
    return pending;
  }

  /** Fetch exactly what a lock file names (no resolution). */
  async fetchLocked(entries: readonly LockEntry[], rootDir: string): Promise<ResolvedPackage[]> {
    const result: ResolvedPackage[] = [];
    for (const entry of entries) {
      if (entry.kind === 'hub') {
        result.push({ ...(await this.downloadHub(entry.package, entry.version)), requiredBy: ['package-lock.yml'] });
        continue;
      }
      const raw: Record<string, unknown> =
        entry.kind === 'git' ? { git: entry.git, revision: entry.revision, ...(entry.subdirectory ? { subdirectory: entry.subdirectory } : {}) } : entry.kind === 'local' ? { local: entry.local } : { tarball: entry.tarball, name: entry.name };
      const spec = (
        entry.kind === 'git'
          ? { kind: 'git', git: entry.git, revision: entry.revision, subdirectory: entry.subdirectory, warnUnpinned: false }
          : entry.kind === 'local'
            ? { kind: 'local', local: entry.local }
            : { kind: 'tarball', tarball: entry.tarball, name: entry.name }
      ) as PackageSpec;
      Object.assign(spec, { raw, position: { file: 'package-lock.yml' } });
      const fetched = await this.fetchOne({ spec, requiredBy: 'package-lock.yml', declaredIn: rootDir });
      result.push({ ...fetched.resolved, requiredBy: ['package-lock.yml'] });
    }
    return result;
  }
}
