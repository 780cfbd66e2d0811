/**
 * `oci://REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST]` references, as floe
 * writes them in `parent:`, `platform.manifest:` and on the command line.
 */
import { FloeError } from '../errors/index.js';

export interface OciReference {
  /** host[:port] */
  registry: string;
  /** e.g. floe/enterprise */
  repository: string;
  tag?: string;
  digest?: string;
}

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function parseOciReference(text: string): OciReference {
  const fail = (why: string) =>
    new FloeError('FLOE_OCI_REFERENCE', `not an OCI reference: '${text}' (${why})`, {
      hint: 'write oci://REGISTRY/REPOSITORY:TAG, e.g. oci://registry.example.com/floe/enterprise:v1.0.0',
    });
  if (!text.startsWith('oci://')) throw fail('it must start with oci://');
  let rest = text.slice('oci://'.length);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw fail(`'${digest}' is not a sha256 digest`);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) throw fail('a registry and a repository are needed');
  const registry = rest.slice(0, slash);
  let repository = rest.slice(slash + 1);
  let tag: string | undefined;
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    tag = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
    if (!TAG.test(tag)) throw fail(`'${tag}' is not a valid tag`);
  }
  if (!REPOSITORY.test(repository)) throw fail(`'${repository}' is not a valid repository name (lowercase, digits, . _ - and /)`);
  if (!tag && !digest) throw fail('a tag (:v1.0.0) or a digest (@sha256:…) is needed');
  return { registry, repository, tag, digest };
}

export function formatOciReference(reference: OciReference): string {
  return `oci://${reference.registry}/${reference.repository}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

/** Plain HTTP only for a registry on this machine, or one the user marked insecure (FLOE_REGISTRY_INSECURE=host[:port],…). */
export function registryUsesPlainHttp(registry: string, environment: NodeJS.ProcessEnv = process.env): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return true;
  const insecure = (environment.FLOE_REGISTRY_INSECURE ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return insecure.includes(registry) || insecure.includes(host);
}
