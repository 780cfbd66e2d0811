/** Paths of the properties in a JSON Schema that have neither a description nor a $ref. */
export function undocumentedProperties(schema: unknown, root = ''): string[] {
  const undocumented: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${path}[${index}]`));
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    if (object.properties && typeof object.properties === 'object') {
      for (const [key, property] of Object.entries(object.properties as Record<string, Record<string, unknown>>)) {
        if (!property.description && !property.$ref) undocumented.push(`${path}.${key}`);
      }
    }
    for (const [key, child] of Object.entries(object)) visit(child, `${path}/${key}`);
  };
  visit(schema, root);
  return undocumented;
}
