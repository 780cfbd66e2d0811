/** What `floe orchestrator webserver` does: start the webserver and serve until Ctrl-C / SIGTERM, then drain and stop. */
import type { CliContext } from '../cli-context.js';

export interface WebserverCommandOptions {
  databaseUrl?: string;
  port?: number;
  host?: string;
  manifest?: string;
  uiDir?: string;
  anonymousRead?: boolean;
}

export async function webserverCommand(context: CliContext, options: WebserverCommandOptions): Promise<number> {
  const { startWebserver } = await import('../../server/index.js');
  const running = await startWebserver({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.manifest ? { manifestPath: options.manifest } : {}),
    ...(options.uiDir ? { uiDir: options.uiDir } : {}),
    ...(options.anonymousRead ? { anonymousRead: true } : {}),
  });
  context.terminal.errorLine(`floe webserver listening on ${running.url} (API ${running.url}/api/v1, described at ${running.url}/api/openapi.json)`);
  if (!context.signal.aborted) await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
  await running.close();
  return 0;
}
