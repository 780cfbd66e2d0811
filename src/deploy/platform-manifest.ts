/**
 * The effective platform manifest of a folder: a product folder (floe.yaml →
 * its manifest chain) or a platform folder (manifest.yaml), oci:// parents
 * pulled first. What `floe dev` and `floe platform …` start from.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataProduct, PRODUCT_FILE_NAMES, pullOciManifests, resolveManifestChain, type Manifest } from '../config/index.js';
import { FloeError, FloeErrors } from '../errors/index.js';

export async function loadPlatformManifest(dir: string): Promise<{ manifest: Manifest; warnings: FloeError[] }> {
  const pulls = await pullOciManifests(dir);
  if (pulls.errors.length > 0) throw new FloeErrors(pulls.errors);
  if (PRODUCT_FILE_NAMES.some((name) => existsSync(join(dir, name)))) {
    const loaded = loadDataProduct(dir);
    if (!loaded.manifest) throw new FloeErrors(loaded.errors);
    return { manifest: loaded.manifest, warnings: [...pulls.warnings, ...loaded.warnings] };
  }
  const manifestPath = join(dir, 'manifest.yaml');
  if (!existsSync(manifestPath)) {
    throw new FloeError('FLOE_NO_MANIFEST', `${dir} has neither floe.yaml nor manifest.yaml`, { hint: 'run the command in a product or platform folder, or pass --project-dir' });
  }
  const chain = resolveManifestChain(manifestPath);
  if (!chain.effective) throw new FloeErrors(chain.errors);
  return { manifest: chain.effective, warnings: [...pulls.warnings, ...chain.warnings] };
}
