/**
 * A domain of the mesh by name and version (`sales:v1.0.0`): its manifest is
 * `<registry>/<domain>:<version>` in the platform's registry (FLOE_REGISTRY or
 * --registry, e.g. oci://registry.example.com/floe), published with
 * `floe platform publish`. Resolving it pulls it and its parents.
 */
import { FloeError, FloeErrors } from '../errors/index.js';
import { NAME_PATTERN, pullOciManifests, resolveManifestChain, type Manifest } from '../config/index.js';
import { formatOciReference, parseOciReference, PLATFORM_MANIFEST_ARTIFACT, pullFileArtifact } from '../oci/index.js';

export interface DomainManifest {
  domain: string;
  /** The reference a product's `platform.manifest` names. */
  reference: string;
  digest: string;
  manifest: Manifest;
}

export function domainManifestReference(domainSpec: string, registry: string | undefined): { domain: string; reference: string } {
  const match = /^([^:]+):([A-Za-z0-9_][A-Za-z0-9_.-]*)$/.exec(domainSpec);
  if (!match || !NAME_PATTERN.test(match[1])) {
    throw new FloeError('FLOE_DOMAIN_SPEC', `'${domainSpec}' is not a domain and version`, { hint: 'write DOMAIN:VERSION, e.g. --domain sales:v1.0.0' });
  }
  if (!registry) {
    throw new FloeError('FLOE_REGISTRY_MISSING', `no registry to find the ${match[1]} domain's manifest in`, {
      hint: 'pass --registry oci://REGISTRY/PATH (e.g. oci://registry.example.com/floe), or set FLOE_REGISTRY',
    });
  }
  const base = registry.startsWith('oci://') ? registry : `oci://${registry}`;
  const reference = formatOciReference(parseOciReference(`${base.replace(/\/+$/, '')}/${match[1]}:${match[2]}`));
  return { domain: match[1], reference };
}

export async function resolveDomainManifest(domainSpec: string, registry: string | undefined, environment?: NodeJS.ProcessEnv): Promise<DomainManifest> {
  const { domain, reference } = domainManifestReference(domainSpec, registry);
  const pulled = await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, environment });
  const parents = await pullOciManifests(pulled.path, { environment });
  if (parents.errors.length > 0) throw new FloeErrors(parents.errors);
  const chain = resolveManifestChain(pulled.path, { origin: { reference, digest: pulled.digest } });
  if (chain.errors.length > 0 || !chain.effective) throw new FloeErrors(chain.errors);
  const leaf = chain.chain[chain.chain.length - 1];
  if (leaf.scope !== 'domain' || leaf.name !== domain) {
    throw new FloeError('FLOE_DOMAIN_MANIFEST', `${reference} is the ${leaf.scope} manifest '${leaf.name}', not the manifest of domain ${domain}`, {
      hint: `a domain manifest has \`scope: domain\` and \`metadata.name: ${domain}\``,
    });
  }
  return { domain, reference, digest: pulled.digest, manifest: chain.effective };
}
