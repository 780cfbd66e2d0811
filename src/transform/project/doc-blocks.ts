/** `{% docs name %}…{% enddocs %}` blocks in .md files, and `{{ doc('name') }}` in descriptions. */
import { FloeError, didYouMean, type SourcePosition } from '../../errors/index.js';
import type { DocBlock } from '../types.js';

const DOCS_BLOCK = /\{%-?\s*docs\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;

export function parseDocBlocks(text: string, packageName: string, originalFilePath: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const match of text.matchAll(DOCS_BLOCK)) {
    blocks.push({
      uniqueId: `doc.${packageName}.${match[1]}`,
      name: match[1],
      packageName,
      originalFilePath,
      blockContents: match[2].trim(),
    });
  }
  return blocks;
}

const DOC_CALL = /\{\{-?\s*doc\(\s*(?:'([^']*)'|"([^"]*)")\s*(?:,\s*(?:'([^']*)'|"([^"]*)")\s*)?\)\s*-?\}\}/g;

/**
 * Replace `{{ doc('name') }}` / `{{ doc('package', 'name') }}` with the doc
 * block's contents. Unknown names are pushed to `errors` (with a suggestion).
 */
export function resolveDocReferences(
  description: string,
  docs: ReadonlyMap<string, DocBlock>,
  packageName: string,
  position: SourcePosition,
  errors: FloeError[],
): string {
  if (!description.includes('doc(')) return description;
  return description.replace(DOC_CALL, (_match, a?: string, b?: string, c?: string, d?: string) => {
    const first = a ?? b ?? '';
    const second = c ?? d;
    const [pkg, name] = second === undefined ? [packageName, first] : [first, second];
    const block = docs.get(`doc.${pkg}.${name}`);
    if (block) return block.blockContents;
    const names = [...docs.values()].map((doc) => doc.name);
    errors.push(
      new FloeError('FLOE_DOC_NOT_FOUND', `doc('${name}') refers to a doc block that does not exist`, {
        position,
        hint: didYouMean(name, names) || "define it in a .md file: {% docs " + name + " %}…{% enddocs %}",
      }),
    );
    return '';
  });
}
