/**
 * Phase 2: every project's macro files (and `tests/generic/`) into one
 * template engine, under each package's namespace, with the root project's
 * `dispatch:` config; and every project's doc blocks.
 */
import { FloeError, FloeErrors } from '../../errors/index.js';
import { parseDocBlocks } from './doc-blocks.js';
import type { ParseSession } from './parse-session.js';
import { createTemplateEngine, type MacroFile } from './template-engine.js';

export function macroFilesOf(session: ParseSession): MacroFile[] {
  return session.packages.flatMap((pkg) =>
    pkg.files.macroFiles.map((file) => ({
      packageName: pkg.name,
      file: file.originalFilePath,
      ...(file.displayPath && file.displayPath !== file.originalFilePath ? { displayPath: file.displayPath } : {}),
      absolutePath: file.absolutePath,
      source: file.text ?? '',
    })),
  );
}

export async function buildTemplateEngine(session: ParseSession, macroFiles: MacroFile[]): Promise<void> {
  try {
    session.engine = await createTemplateEngine({
      rootPackage: session.root.name,
      adapterType: String(session.snapshot.target.config.type),
      macroFiles,
      dispatch: session.root.settings.dispatch,
    });
  } catch (error) {
    if (error instanceof FloeErrors) session.errors.push(...error.errors);
    else if (error instanceof FloeError) session.errors.push(error);
    else throw error;
  }
}

export function collectDocBlocks(session: ParseSession): void {
  for (const pkg of session.packages) {
    for (const file of pkg.files.markdown) {
      for (const block of parseDocBlocks(file.text ?? '', pkg.name, file.originalFilePath)) {
        const existing = session.docs.get(block.uniqueId);
        if (existing) {
          session.errors.push(
            new FloeError('FLOE_DUPLICATE_DOC', `doc block '${block.name}' is defined twice: ${existing.originalFilePath} and ${block.originalFilePath}`, {
              position: { file: file.displayPath ?? file.originalFilePath },
            }),
          );
        } else session.docs.set(block.uniqueId, block);
      }
    }
  }
}
