/**
 * Patterns that pick models, used by policy overrides and classification
 * `allow_models`:
 *   - `/regex/`            a regular expression on the model name;
 *   - `legacy_*`, `dim_?`  a glob on the model name (`*` any run, `?` one char);
 *   - `models/staging/**`  a glob containing `/` matches the model's file path
 *     inside its project (`**` crosses folders, `*` does not).
 */
export interface NamePattern {
  source: string;
  matches(target: { name: string; path: string }): boolean;
}

export type CompiledPattern = { pattern: NamePattern } | { error: string };

export function compileNamePattern(source: string): CompiledPattern {
  const regexForm = /^\/(.+)\/([a-z]*)$/.exec(source);
  if (regexForm) {
    try {
      const regex = new RegExp(regexForm[1], regexForm[2]);
      return { pattern: { source, matches: ({ name }) => regex.test(name) } };
    } catch (error) {
      return { error: `not a valid regular expression: ${(error as Error).message}` };
    }
  }
  const onPath = source.includes('/');
  const regex = new RegExp(`^${globToRegexBody(source)}$`);
  return { pattern: { source, matches: ({ name, path }) => regex.test(onPath ? path : name) } };
}

function globToRegexBody(glob: string): string {
  let body = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*') {
      if (glob[index + 1] === '*') {
        index++;
        // `**/` also matches no folder at all.
        if (glob[index + 1] === '/') {
          index++;
          body += '(?:.*/)?';
        } else body += '.*';
      } else body += '[^/]*';
    } else if (char === '?') body += '[^/]';
    else body += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return body;
}
