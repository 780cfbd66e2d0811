/** The `helm` on the user's PATH: found (or a clear error), and run with its output kept for errors. */
import { spawn, spawnSync } from 'node:child_process';
import { FloeError } from '../../errors/index.js';

export function checkHelm(environment: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync('helm', ['version', '--short'], { encoding: 'utf8', env: environment });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new FloeError('FLOE_HELM_MISSING', 'helm is not on the PATH; floe platform deploy runs `helm upgrade --install`', {
      hint: 'install Helm 3.8 or later (https://helm.sh/docs/intro/install/) and check `helm version`',
    });
  }
  if (result.error || result.status !== 0) throw new FloeError('FLOE_HELM_FAILED', `helm version failed: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

export async function runHelm(args: string[], environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('helm', args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new FloeError('FLOE_HELM_FAILED', `could not run helm: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new FloeError('FLOE_HELM_FAILED', `helm ${args.slice(0, 3).join(' ')} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`, { detail: `helm ${args.join(' ')}` }));
    });
  });
}
