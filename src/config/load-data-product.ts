/**
 * A data product with its platform: floe.yaml, the manifest chain it points
 * at, and the checks between them (approved compute, product, version).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { didYouMean, FloeError, type SourcePosition } from '../errors/index.js';
import { sortByPosition } from './config-issues.js';
import { loadProductSource } from './load-config-file.js';
import { resolveManifestChain, type ManifestChainEntry } from './manifest-chain.js';
import type { Manifest } from './manifest-schema.js';
import { defaultParentResolvers, resolveParentReference, type ParentManifestResolver } from './parent-resolvers.js';
import type { DataProduct } from './product-schema.js';
import { positionOf, valueAt, type ConfigPath } from './yaml-source.js';

export const PRODUCT_FILE_NAMES = ['floe.yaml', 'floe.yml'] as const;

export interface LoadedDataProduct {
  /**
   * The product, present only without errors. Filled in: every transform has
   * `name` (the folder name when not given) and `compute` (the manifest's
   * default when not given); `domain` is the domain manifest's name when not given.
   */
  product?: DataProduct;
  /** The effective (merged) manifest. */
  manifest?: Manifest;
  /** The manifest chain, root first. */
  chain: ManifestChainEntry[];
  productPath: string;
  /** The manifest floe.yaml points at (path as resolved), when it could be read from floe.yaml. */
  manifestPath?: string;
  errors: FloeError[];
  warnings: FloeError[];
  /** Position of a key in floe.yaml (for findings about the product). */
  locateProduct(path: ConfigPath): SourcePosition | undefined;
  /** Position of a key of the effective manifest in the file that set it. */
  locateManifest(path: ConfigPath): SourcePosition | undefined;
}

export interface LoadDataProductOptions {
  resolvers?: readonly ParentManifestResolver[];
}

function productFileIn(productDir: string): string {
  if (/\.ya?ml$/.test(productDir) && existsSync(productDir) && statSync(productDir).isFile()) return productDir;
  for (const name of PRODUCT_FILE_NAMES) {
    const candidate = join(productDir, name);
    if (existsSync(candidate)) return candidate;
  }
  return join(productDir, PRODUCT_FILE_NAMES[0]);
}

/** A transform's default name: its folder name, made Kubernetes-style. */
function defaultTransformName(path: string): string {
  const name = basename(path)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return name || 'transform';
}

export function loadDataProduct(productDir: string, options: LoadDataProductOptions = {}): LoadedDataProduct {
  const productPath = productFileIn(productDir);
  const loaded = loadProductSource(productPath);
  const errors = [...loaded.errors];
  const warnings = [...loaded.warnings];
  const source = loaded.source;
  const locateProduct = (path: ConfigPath) => (source ? positionOf(source, path) : undefined);
  const result = (extra: Partial<LoadedDataProduct> = {}): LoadedDataProduct => ({
    chain: [],
    productPath,
    errors: sortByPosition(errors),
    warnings,
    locateProduct,
    locateManifest: () => undefined,
    ...extra,
  });
  if (!source) return result();

  // Follow the manifest even when floe.yaml has errors, so every problem shows at once.
  const reference = valueAt(source.data, ['platform', 'manifest']);
  if (typeof reference !== 'string' || reference === '') return result();
  const resolution = resolveParentReference(reference, productPath, options.resolvers ?? defaultParentResolvers);
  if ('error' in resolution) {
    errors.push(new FloeError(resolution.code, resolution.error, { position: positionOf(source, ['platform', 'manifest']), hint: resolution.hint }));
    return result();
  }
  const manifestPath = resolution.path;
  if (!existsSync(manifestPath)) {
    errors.push(
      new FloeError('FLOE_PRODUCT_MANIFEST_NOT_FOUND', `platform manifest not found: ${manifestPath}`, {
        position: positionOf(source, ['platform', 'manifest']),
        hint: '`platform.manifest` is a path relative to floe.yaml; check it',
      }),
    );
    return result({ manifestPath });
  }
  const chain = resolveManifestChain(manifestPath, { resolvers: options.resolvers, origin: resolution.origin });
  errors.push(...chain.errors);
  warnings.push(...chain.warnings);
  const base = { chain: chain.chain, manifestPath, locateManifest: chain.locate };
  const manifest = chain.effective;
  const product = loaded.value;
  if (!manifest || !product) return result(base);

  const leaf = chain.chain[chain.chain.length - 1];
  const filled: DataProduct = structuredClone(product);

  if (product.platform.version !== undefined && product.platform.version !== leaf.version) {
    errors.push(
      new FloeError('FLOE_PRODUCT_PLATFORM_VERSION', `floe.yaml expects manifest version ${product.platform.version}, but ${manifestPath} is ${leaf.version}`, {
        position: positionOf(source, ['platform', 'version']),
        hint: `update \`platform.version\` to ${leaf.version} after checking the platform's changes, or remove it`,
      }),
    );
  }

  if (manifest.approved_products && !manifest.approved_products.includes(product.metadata.name)) {
    errors.push(
      new FloeError('FLOE_PRODUCT_NOT_APPROVED', `product '${product.metadata.name}' is not in the manifest's approved_products (${manifest.approved_products.join(', ') || 'none'})`, {
        position: positionOf(source, ['metadata', 'name']),
        hint: joinHint(didYouMean(product.metadata.name, manifest.approved_products), `ask the owners of ${manifestPath} to approve it`),
      }),
    );
  }

  if (leaf.scope === 'domain') {
    if (product.domain !== undefined && product.domain !== leaf.name) {
      errors.push(
        new FloeError('FLOE_PRODUCT_DOMAIN_MISMATCH', `floe.yaml says domain '${product.domain}', but its manifest is the domain manifest '${leaf.name}'`, {
          position: positionOf(source, ['domain']),
          hint: `set \`domain: ${leaf.name}\`, or point \`platform.manifest\` at the ${product.domain} domain's manifest`,
        }),
      );
    }
    filled.domain ??= leaf.name;
  }

  const approved = manifest.compute.approved.map((target) => target.name);
  const names = new Set<string>();
  product.transforms.forEach((transform, index) => {
    const target = filled.transforms[index];
    if (transform.compute !== undefined && !approved.includes(transform.compute)) {
      errors.push(
        new FloeError('FLOE_COMPUTE_NOT_APPROVED', `compute '${transform.compute}' is not approved by the platform manifest (approved: ${approved.join(', ')})`, {
          position: positionOf(source, ['transforms', index, 'compute']),
          hint: joinHint(didYouMean(transform.compute, approved), `pick one of: ${approved.join(', ')}, or remove \`compute\` to use the default (${manifest.compute.default})`),
        }),
      );
    }
    target.compute ??= manifest.compute.default;
    target.name ??= defaultTransformName(resolve(dirname(productPath), transform.path));
    if (names.has(target.name)) {
      errors.push(
        new FloeError('FLOE_CONFIG_DUPLICATE', `two transforms are named '${target.name}'`, {
          position: positionOf(source, ['transforms', index, transform.name ? 'name' : 'path']),
          hint: 'give each transform a distinct `name`',
        }),
      );
    }
    names.add(target.name);
    const projectDir = join(dirname(productPath), transform.path);
    if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
      errors.push(
        new FloeError('FLOE_PRODUCT_TRANSFORM_PATH', `transform folder not found: ${projectDir}`, {
          position: positionOf(source, ['transforms', index, 'path']),
          hint: '`path` is the SQL project folder, relative to floe.yaml',
        }),
      );
    }
  });

  if (errors.length > 0) return result(base);
  return result({ ...base, product: filled, manifest });
}

function joinHint(...parts: string[]): string {
  return parts.filter(Boolean).join(' — ');
}
