/**
 * /api/v1/products: registered products, their versions, one version's node
 * graph, and registering a bundle (the body is the bundle itself, up to the
 * bundle size limit; a bad bundle is refused and nothing is stored).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FloeError } from '../../errors/index.js';
import { BUNDLE_MEDIA_TYPE, registerBundle, TRIGGER_ERROR_CODES, type ProductSummary, type ProductVersion, type StateStore } from '../../orchestrator/index.js';
import { limitQuerySchema, productNameParamsSchema } from '../schemas/common-schemas.js';
import { productDetailSchema, productListSchema, productVersionListSchema, registeredVersionSchema } from '../schemas/product-schemas.js';
import { productGraphOf } from './product-graph.js';
import { route } from './route-docs.js';

/** Media types a bundle upload may come as (the first is the one floe sends). */
export const BUNDLE_UPLOAD_MEDIA_TYPES = [BUNDLE_MEDIA_TYPE, 'application/gzip', 'application/octet-stream'];

export const versionQuerySchema = z.strictObject({
  version: z.string().min(1).max(200).optional().describe('A version from floe.yaml, or a bundle digest (sha256:…); the newest when absent.'),
  environment: z.string().min(1).max(63).optional().describe('The newest version compiled for this environment.'),
});

export async function requireProduct(store: StateStore, name: string): Promise<ProductSummary> {
  const product = await store.products.getProduct(name);
  if (!product) {
    throw new FloeError(TRIGGER_ERROR_CODES.productNotFound, `No product "${name}" is registered with this orchestrator.`, { hint: 'Register it with `floe product register --url <this orchestrator>`.' });
  }
  return product;
}

export async function requireVersion(store: StateStore, product: ProductSummary, query: { version?: string; environment?: string }): Promise<ProductVersion> {
  if (query.version === undefined && query.environment === undefined) return product.latest;
  const version = await store.products.findVersion(product.name, { ...(query.version ? { version: query.version } : {}), ...(query.environment ? { environment: query.environment } : {}) });
  if (!version) {
    const what = [query.version ? `version ${query.version}` : undefined, query.environment ? `environment ${query.environment}` : undefined].filter(Boolean).join(' in ');
    throw new FloeError(TRIGGER_ERROR_CODES.versionNotFound, `Product "${product.name}" has no ${what}.`, { hint: `List its versions: GET /api/v1/products/${product.name}/versions.` });
  }
  return version;
}

export const productsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, bundleLimits } = app.floe;

  app.get('/products', route('viewer', { operationId: 'listProducts', tag: 'products', summary: 'List registered products' }, { response: { 200: productListSchema } }), async () => ({
    products: await store.products.listProducts(),
  }));

  app.get(
    '/products/:name',
    route('viewer', { operationId: 'getProduct', tag: 'products', summary: 'A product with the node graph of one version', description: 'The newest version, or the one `version` / `environment` pick.', errors: [400, 404] }, {
      params: productNameParamsSchema,
      querystring: versionQuerySchema,
      response: { 200: productDetailSchema },
    }),
    async (request) => {
      const product = await requireProduct(store, request.params.name);
      const version = await requireVersion(store, product, request.query);
      const artifacts = await store.products.getVersionArtifacts(product.name, version.digest);
      if (!artifacts) throw new FloeError('FLOE_API_INTERNAL', `The artifacts of ${product.name} ${version.digest} are missing from the store.`);
      return { product, version, ...productGraphOf(artifacts) };
    },
  );

  app.get(
    '/products/:name/versions',
    route('viewer', { operationId: 'listProductVersions', tag: 'products', summary: 'List a product’s registered versions', errors: [400, 404] }, {
      params: productNameParamsSchema,
      querystring: z.strictObject({
        environment: z.string().min(1).max(63).optional().describe('Only versions compiled for this environment.'),
        limit: limitQuerySchema(50, 1000),
        cursor: z.string().regex(/^\d+$/, 'must be a cursor from a previous page').optional().describe('The `nextCursor` of the previous page.'),
      }),
      response: { 200: productVersionListSchema },
    }),
    async (request) => {
      const product = await requireProduct(store, request.params.name);
      const { environment, limit, cursor } = request.query;
      const versions = await store.products.listVersions(product.name, { limit: limit + 1, ...(environment ? { environment } : {}), ...(cursor ? { beforeSequence: Number(cursor) } : {}) });
      const page = versions.slice(0, limit);
      return { versions: page, nextCursor: versions.length > limit ? String(page[page.length - 1].sequence) : null };
    },
  );

  const bundleUpload: FastifyPluginAsyncZod = async (upload) => {
    // The bundle arrives as bytes; only this route accepts them, up to the bundle limit.
    upload.addContentTypeParser(BUNDLE_UPLOAD_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: bundleLimits.maxBytes }, (_request, body, done) => done(null, body));
    upload.post(
      '/products',
      route(
          'operator',
          {
            operationId: 'registerProduct',
            tag: 'products',
            summary: 'Register a product version from its bundle',
            description: `The body is the bundle \`floe product package\` writes (Content-Type: ${BUNDLE_MEDIA_TYPE}). The same digest again is a no-op (200, created: false). A bad bundle (digest mismatch, not a tarball, unsafe paths, links, too large) is refused and nothing is stored.`,
            errors: [400, 413, 415, 422],
          },
          {
            querystring: z.strictObject({ digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>').optional().describe('Refuse the body unless it has this digest.') }),
            bundleBody: { mediaType: BUNDLE_MEDIA_TYPE, description: 'The product bundle (a gzipped tarball with .floe/artifacts.json and the project files).' },
            response: { 200: registeredVersionSchema.describe('Already registered: nothing changed.'), 201: registeredVersionSchema.describe('Registered.') },
          },
          { bodyLimit: bundleLimits.maxBytes },
        ),
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) {
          throw new FloeError('FLOE_API_UNSUPPORTED_MEDIA_TYPE', 'The body must be a product bundle.', { hint: `Send it with Content-Type: ${BUNDLE_MEDIA_TYPE}.` });
        }
        const result = await registerBundle(store, request.body, {
          registeredBy: request.principal?.name ?? null,
          limits: bundleLimits,
          ...(request.query.digest ? { expectedDigest: request.query.digest } : {}),
        });
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
  };
  await app.register(bundleUpload);
};
