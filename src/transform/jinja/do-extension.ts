/**
 * `{% do expression %}`: evaluate for its side effect, print nothing
 * (Jinja2's `jinja2.ext.do`, which dbt enables).
 */
import type { NunjucksNode, NunjucksParser } from './nunjucks-internals.js';

type NodeConstructors = Record<string, new (...args: unknown[]) => NunjucksNode>;

export const doExtension = {
  tags: ['do'],
  parse(parser: NunjucksParser, nodes: NodeConstructors): NunjucksNode {
    const tag = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(tag.value);
    const node = new nodes.CallExtension(this, 'run', new nodes.NodeList(tag.lineno, tag.colno, [expression]), null);
    node.lineno = tag.lineno;
    node.colno = tag.colno;
    return node;
  },
  run(): string {
    return '';
  },
};
