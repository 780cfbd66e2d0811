/** A governance input around hand-built projects, strict by default. */
import type { GovernanceInput, GovernanceManifest, GovernanceTransform } from '../../src/governance/index.js';
import type { ParsedProject } from '../../src/transform/index.js';

export const NOW = new Date('2026-06-15T12:00:00Z');

export function strictManifest(governance: GovernanceManifest['governance'] = {}): GovernanceManifest {
  return {
    metadata: { name: 'platform' },
    compute: { approved: [{ name: 'duckdb', type: 'duckdb' }], default: 'duckdb' },
    plugins: { compute: { type: 'duckdb' } },
    governance: {
      policy_enforcement_level: 'strict',
      naming: { pattern: 'medallion', enforcement: 'strict' },
      ...governance,
    },
  };
}

export function inputFor(
  project: ParsedProject,
  options: { manifest?: GovernanceManifest; transform?: Partial<GovernanceTransform>; outputPorts?: Array<{ name: string; model: string }>; now?: Date } = {},
): GovernanceInput {
  const transform: GovernanceTransform = { path: 'transform', ...options.transform };
  return {
    manifest: options.manifest ?? strictManifest(),
    product: { metadata: { name: 'shop' }, transforms: [transform], output_ports: options.outputPorts ?? [] },
    projects: [{ transform, project }],
    now: options.now ?? NOW,
  };
}
