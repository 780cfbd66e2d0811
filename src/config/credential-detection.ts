/**
 * Recognising credentials and connection details in YAML, without ever
 * echoing them: floe.yaml may hold none, manifest.yaml none as literals.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { FloeError, type SourcePosition } from '../errors/index.js';
import { positionOf, type YamlSource } from './yaml-source.js';

/** Words that make a key a secret (its value must be a secret reference). */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'accesskey']);
/** Words that make a key connection detail (platform-owned). */
const CONNECTION_WORDS = new Set(['host', 'hostname', 'endpoint', 'url', 'uri', 'dsn', 'connectionstring', 'connstring', 'connection']);

function words(key: string): string[] {
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // Also the joined neighbours, so api_key / private-key / connection_string match.
  const joined = parts.slice(1).map((part, index) => parts[index] + part);
  return [...parts, ...joined];
}

export function isSecretKey(key: string): boolean {
  return words(key).some((word) => SECRET_WORDS.has(word));
}

export function isConnectionKey(key: string): boolean {
  return words(key).some((word) => CONNECTION_WORDS.has(word));
}

/** A URL carrying user:password@, a JDBC URL, or a database connection URL. */
export function looksLikeConnectionValue(value: string): boolean {
  const text = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s@]*:[^/\s@]*@/i.test(text)) return true;
  if (/^jdbc:/i.test(text)) return true;
  if (/^(postgres|postgresql|mysql|mariadb|mongodb(\+srv)?|redis|rediss|sqlserver|mssql|snowflake|clickhouse|oracle):\/\//i.test(text)) return true;
  // libpq key/value connection strings: "host=... password=..."
  return /\b(host|password|user)\s*=\s*\S+/i.test(text) && /\b(dbname|password|port)\s*=/i.test(text);
}

interface Visit {
  key?: string;
  keyNode?: Node;
  valueNode: unknown;
  path: PropertyKey[];
}

function* walk(node: unknown, path: PropertyKey[]): Generator<Visit> {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      const childPath = [...path, key ?? '?'];
      yield { key, keyNode: item.key as Node, valueNode: item.value, path: childPath };
      yield* walk(item.value, childPath);
    }
  } else if (isSeq(node)) {
    for (let index = 0; index < node.items.length; index++) {
      yield { valueNode: node.items[index], path: [...path, index] };
      yield* walk(node.items[index], [...path, index]);
    }
  }
}

function pathText(path: PropertyKey[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${String(segment)}`)).join('');
}

const PRODUCT_HINT =
  'floe.yaml names logical things only: connections belong in the platform manifest (`compute.approved[].config`, with the password in `connection_secret_ref`), and credentials in a secret reference (`secret_ref: {source, name, key}`) there. Pick the compute by name with `transforms[].compute`.';

/** floe.yaml: any credential or connection key, or a connection-looking value, is an error. */
export function findProductCredentials(source: YamlSource): FloeError[] {
  const errors: FloeError[] = [];
  for (const visit of walk(source.document.contents, [])) {
    if (visit.key !== undefined && (isSecretKey(visit.key) || isConnectionKey(visit.key))) {
      errors.push(
        new FloeError('FLOE_PRODUCT_CREDENTIAL', `\`${pathText(visit.path)}\`: floe.yaml may not contain ${isSecretKey(visit.key) ? 'credentials' : 'hosts, endpoints or connection details'}`, {
          position: positionOf(source, visit.path, 'key'),
          hint: PRODUCT_HINT,
        }),
      );
      continue;
    }
    if (isScalar(visit.valueNode) && typeof visit.valueNode.value === 'string' && looksLikeConnectionValue(visit.valueNode.value)) {
      errors.push(
        new FloeError('FLOE_PRODUCT_CREDENTIAL', `\`${pathText(visit.path)}\` holds a connection string or a URL with credentials; floe.yaml may not contain them`, {
          position: positionOf(source, visit.path, 'value'),
          hint: PRODUCT_HINT,
        }),
      );
    }
  }
  return errors;
}

/**
 * manifest.yaml: secret-like keys must hold a secret reference, not the
 * secret. The message names the key only — never the value.
 */
export function findLiteralSecrets(source: YamlSource): FloeError[] {
  const errors: FloeError[] = [];
  for (const visit of walk(source.document.contents, [])) {
    if (visit.key === undefined || !isScalar(visit.valueNode)) continue;
    const value = visit.valueNode.value;
    const literal = typeof value === 'string' && value !== '';
    if (literal && isSecretKey(visit.key) && !namesASecret(visit.key)) {
      errors.push(secretLiteralError(positionOf(source, visit.path, 'value'), pathText(visit.path)));
    } else if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/\s@]*:[^/\s@]+@/i.test(value.trim())) {
      errors.push(secretLiteralError(positionOf(source, visit.path, 'value'), pathText(visit.path)));
    }
  }
  return errors;
}

/** `secret_name`, `password_file`, `existing_secret`, `token_ttl`: about a secret, not the secret itself. */
function namesASecret(key: string): boolean {
  const parts = key.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const last = parts[parts.length - 1];
  return parts[0] === 'existing' || ['ref', 'name', 'path', 'file', 'dir', 'namespace', 'id', 'ttl', 'enabled', 'source', 'header'].includes(last);
}

function secretLiteralError(position: SourcePosition, where: string): FloeError {
  return new FloeError('FLOE_MANIFEST_LITERAL_SECRET', `\`${where}\` holds a secret written out in the manifest (value not shown)`, {
    position,
    hint: 'reference it instead: `{secret_ref: {source: env|kubernetes|file, name: ..., key: ...}}` (or `connection_secret_ref` on a compute), and rotate the exposed secret',
  });
}
