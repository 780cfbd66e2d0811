/** What `floe product register` does: find the orchestrator, then compile, package and upload. */
import { resolve } from 'node:path';
import type { EnvironmentName } from '../../config/index.js';
import { FloeError } from '../../errors/index.js';
import type { CliContext } from '../cli-context.js';
import { OrchestratorClient } from '../remote/orchestrator-client.js';
import { orchestratorEndpoint, URL_ENV } from '../remote/orchestrator-endpoint.js';
import { registerProductRemotely } from '../remote/register-product.js';

export interface ProductRegisterOptions {
  projectDir?: string;
  env?: EnvironmentName;
  url?: string;
  token?: string;
}

export async function productRegisterCommand(context: CliContext, options: ProductRegisterOptions): Promise<number> {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const environment = options.env ?? 'dev';
  const endpoint = await orchestratorEndpoint({ ...(options.url ? { url: options.url } : {}), ...(options.token ? { token: options.token } : {}), projectDir, environment });
  if (!endpoint) {
    throw new FloeError('FLOE_CLI_NO_ORCHESTRATOR', `No orchestrator to register with for environment ${environment}.`, {
      hint: `Pass --url http://host:3000 (or set ${URL_ENV}), or name one in the manifest: environments.${environment}.orchestrator.url.`,
    });
  }
  const client = new OrchestratorClient(endpoint);
  return (await registerProductRemotely(context, client, projectDir, environment)) ? 0 : 1;
}
