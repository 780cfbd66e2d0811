/**
 * Where a node's relation lives: dbt's generate_database_name /
 * generate_schema_name / generate_alias_name. When the project does not
 * override a macro, its default rule runs here directly (same result, no
 * template call per node); an override is called through the Jinja part.
 */
import type { RelationRef } from '../../compute/index.js';
import { FloeError, FloeErrors, isFloeError } from '../../errors/index.js';
import type { ManifestNode } from '../types.js';
import type { ParseHooks, TemplateEngine } from './template-engine.js';

export interface NamingContext {
  targetDatabase: string;
  targetSchema: string;
  engine: TemplateEngine | undefined;
  /** Macro names the root project overrides. */
  overridden: ReadonlySet<string>;
  hooks: (node: ManifestNode) => ParseHooks;
}

function customValue(value: unknown): string | undefined {
  return value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();
}

export function nodeDictionary(node: ManifestNode): Record<string, unknown> {
  return {
    name: node.name,
    unique_id: node.uniqueId,
    resource_type: node.resourceType,
    package_name: node.packageName,
    fqn: node.fqn,
    path: node.path,
    original_file_path: node.originalFilePath,
    config: node.config,
    tags: node.config.tags,
    version: null,
    raw_code: node.rawCode,
  };
}

async function callNamingMacro(context: NamingContext, name: string, custom: string | undefined, node: ManifestNode, errors: FloeError[]): Promise<string | undefined> {
  try {
    const value = await (context.engine as TemplateEngine).callMacro(name, [custom ?? null, nodeDictionary(node)], context.hooks(node));
    return String(value ?? '').trim();
  } catch (error) {
    if (error instanceof FloeErrors) errors.push(...error.errors);
    else if (isFloeError(error)) errors.push(error);
    else errors.push(new FloeError('FLOE_JINJA', `${name} failed for ${node.uniqueId}: ${error instanceof Error ? error.message : String(error)}`, { position: node.position }));
    return undefined;
  }
}

export async function nodeRelation(node: ManifestNode, context: NamingContext, errors: FloeError[]): Promise<RelationRef> {
  const customDatabase = customValue(node.config.database);
  const customSchema = customValue(node.config.schema);
  const customAlias = customValue(node.config.alias);
  const use = (name: string): boolean => context.engine !== undefined && context.overridden.has(name);

  const database = use('generate_database_name')
    ? ((await callNamingMacro(context, 'generate_database_name', customDatabase, node, errors)) ?? context.targetDatabase)
    : (customDatabase ?? context.targetDatabase);
  const schema = use('generate_schema_name')
    ? ((await callNamingMacro(context, 'generate_schema_name', customSchema, node, errors)) ?? context.targetSchema)
    : customSchema === undefined ? context.targetSchema : `${context.targetSchema}_${customSchema}`;
  const identifier = use('generate_alias_name')
    ? ((await callNamingMacro(context, 'generate_alias_name', customAlias, node, errors)) ?? node.name)
    : (customAlias ?? node.name);
  return { database, schema, identifier };
}
