/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (one
 * source of truth: the schema that validates a request is the one the
 * document shows). Schemas with an id become components; components no
 * operation reaches (other modules' registered schemas, unused input/output
 * twins) are left out.
 */
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransformObject, jsonSchemaTransform } from 'fastify-type-provider-zod';
import { floeVersion } from '../version/index.js';
import { API_TAGS } from './routes/route-docs.js';

export const OPENAPI_PATH = '/api/openapi.json';

/** A raw (non-JSON) request body, documented by media type. */
interface BundleBodyDoc {
  mediaType: string;
  description: string;
}

type JsonNode = { [key: string]: unknown };

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) into.add(child.slice('#/components/schemas/'.length));
    else collectRefs(child, into);
  }
}

/** Only the component schemas the operations reach, directly or through other components. */
export function pruneUnusedSchemas<T extends JsonNode>(document: T): T {
  const components = (document.components ?? {}) as JsonNode;
  const schemas = (components.schemas ?? {}) as Record<string, unknown>;
  const reached = new Set<string>();
  collectRefs(document.paths, reached);
  for (let frontier = [...reached]; frontier.length > 0; ) {
    const next = new Set<string>();
    for (const name of frontier) collectRefs(schemas[name], next);
    frontier = [...next].filter((name) => !reached.has(name));
    for (const name of frontier) reached.add(name);
  }
  const kept = Object.fromEntries(Object.keys(schemas).sort().filter((name) => reached.has(name)).map((name) => [name, schemas[name]]));
  return { ...document, components: { ...components, schemas: kept } };
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const transformObject = createJsonSchemaTransformObject({});
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'floe orchestrator API',
        version: floeVersion(),
        description: 'The REST API of the floe orchestrator webserver: products, assets, runs (with a live event tail), schedules, sensors and the daemon. Errors are RFC 9457 problem documents.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      tags: API_TAGS.map((tag) => ({ ...tag })),
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token from orchestrator.webserver.tokens, or FLOE_ADMIN_TOKEN.' } } },
    },
    transform: (input) => {
      const { bundleBody, ...schema } = (input.schema ?? {}) as { bundleBody?: BundleBodyDoc };
      const transformed = jsonSchemaTransform({ ...input, schema });
      if (!bundleBody) return transformed;
      return { ...transformed, schema: { ...transformed.schema, body: { content: { [bundleBody.mediaType]: { schema: { type: 'string', contentMediaType: bundleBody.mediaType, description: bundleBody.description } } } } } };
    },
    transformObject: (documentObject) => pruneUnusedSchemas(transformObject(documentObject) as JsonNode),
  });
}

export async function openApiDocument(app: FastifyInstance): Promise<JsonNode> {
  await app.ready();
  return app.swagger() as unknown as JsonNode;
}
