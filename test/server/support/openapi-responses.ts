/**
 * Checks responses against the webserver's own OpenAPI document: the
 * operation is found by method and path template, the status must be one
 * the operation documents, and the body must validate (JSON Schema 2020-12,
 * ajv strict) against the schema documented for its media type.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type JsonNode = Record<string, unknown>;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface CheckedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

export class OpenApiResponses {
  readonly #operations: Operation[] = [];
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();
  /** `METHOD template status` of every response checked (to see what the tests covered). */
  readonly checked = new Set<string>();

  constructor(readonly document: JsonNode) {
    this.#ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats.default(this.#ajv);
    // The document's `components` holds the schemas; for ajv it is only a container.
    this.#ajv.addKeyword('components');
    this.#ajv.addSchema({ $id: 'openapi', components: document.components } as JsonNode);
    for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, JsonNode>>)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(item)) {
        this.#operations.push({ method: method.toUpperCase(), template, pattern, responses: operation.responses as Operation['responses'] });
      }
    }
  }

  operation(method: string, path: string): Operation | undefined {
    const bare = path.split('?')[0];
    // Literal segments win over parameters (as in the router): the longest template without braces first.
    const matches = this.#operations.filter((op) => op.method === method && op.pattern.test(bare));
    return matches.sort((a, b) => a.template.split('{').length - b.template.split('{').length)[0];
  }

  /** Throws with what is wrong when the response is not what the document says. */
  check(response: CheckedResponse): void {
    // HEAD is GET without a body (Fastify answers it for every GET route; the document lists the GET).
    const head = response.method === 'HEAD';
    const operation = this.operation(head ? 'GET' : response.method, response.path);
    if (!operation) {
      // A path the API does not have: a 404 (or 405) problem document, nothing else.
      if (response.status !== 404 && response.status !== 405) throw new Error(`${response.method} ${response.path} is not in the OpenAPI document (answered ${response.status})`);
      this.#validate('not found', { $ref: '#/components/schemas/Problem' }, response.body);
      return;
    }
    const documented = operation.responses[String(response.status)] ?? operation.responses[`${String(response.status)[0]}XX`] ?? operation.responses.default;
    if (!documented) throw new Error(`${response.method} ${operation.template} answered ${response.status}, which the document does not list (${Object.keys(operation.responses).join(', ')})`);
    this.checked.add(`${response.method} ${operation.template} ${response.status}`);
    const mediaType = (response.contentType ?? '').split(';')[0].trim();
    const content = documented.content ?? {};
    const schema = content[mediaType]?.schema;
    if (!schema) throw new Error(`${response.method} ${operation.template} ${response.status} answered ${mediaType || 'no media type'}; documented: ${Object.keys(content).join(', ') || 'none'}`);
    if (head || !mediaType.endsWith('json')) return;
    this.#validate(`${operation.method} ${operation.template} ${response.status} ${mediaType}`, schema, response.body);
  }

  #validate(key: string, schema: unknown, text: string): void {
    let validate = this.#validators.get(key);
    if (!validate) {
      // Component references point into the document registered as `openapi`.
      validate = this.#ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as JsonNode);
      this.#validators.set(key, validate);
    }
    const body: unknown = JSON.parse(text);
    if (!validate(body)) throw new Error(`${key}: the body does not match the document: ${this.#ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
  }
}
