/** What the data-mesh commands do (see mesh-commands.ts). */
import { resolve } from 'node:path';
import { FloeError } from '../../errors/index.js';
import { publishManifest, resolveDomainManifest } from '../../deploy/index.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../output/display-path.js';
import { printFloeError } from '../output/print-error.js';
import { checkProductName, scaffoldProduct } from '../scaffold/index.js';

export interface PublishOptions {
  manifest: string;
}

export async function publishCommand(context: CliContext, reference: string, options: PublishOptions): Promise<number> {
  const { terminal } = context;
  const published = await publishManifest({ reference, manifestPath: resolve(options.manifest) });
  for (const warning of published.warnings) printFloeError(terminal, warning);
  terminal.line(`${terminal.colors.green('published')} ${published.scope} manifest ${published.name} ${published.version}`);
  terminal.line(`  ${published.reference}`);
  terminal.line(`  digest ${published.digest}`);
  return 0;
}

export interface ProductInitOptions {
  domain: string;
  registry?: string;
  dir?: string;
}

export async function productInitCommand(context: CliContext, name: string, options: ProductInitOptions): Promise<number> {
  const { terminal } = context;
  checkProductName(name);
  const domain = await resolveDomainManifest(options.domain, options.registry ?? process.env.FLOE_REGISTRY);
  const approved = domain.manifest.approved_products;
  if (approved && !approved.includes(name)) {
    throw new FloeError('FLOE_PRODUCT_NOT_APPROVED', `the ${domain.domain} domain does not approve a product named '${name}' (approved: ${approved.join(', ') || 'none'})`, {
      hint: `ask the ${domain.domain} domain's platform team to add it to approved_products, or pick an approved name`,
    });
  }
  const result = scaffoldProduct(name, { dir: options.dir, domain: { domain: domain.domain, reference: domain.reference, compute: domain.manifest.compute.default ?? domain.manifest.compute.approved[0]?.name ?? 'duckdb' } });
  terminal.line(`${terminal.colors.green('created')} ${displayPath(result.dir)} — product ${name} of domain ${domain.domain}`);
  terminal.line(`  platform.manifest: ${domain.reference} (${domain.digest})`);
  terminal.line(`  next: cd ${displayPath(result.dir)} && floe validate && floe run`);
  return 0;
}
