/**
 * The web UI's files at `/`: the built UI folder (`ui/dist` of this floe
 * installation unless configured), with the SPA fallback — a path that is
 * no file gets index.html, so client-side routes survive a reload. Without a
 * built UI, a plain page says how to build it. Paths under /api/ are never
 * the UI's: an unknown one is a 404 problem document.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { API_ERROR_CODES } from '../problems/error-statuses.js';
import { sendProblem } from '../problems/error-handler.js';
import { problem } from '../problems/problem-document.js';

/** `ui/dist` beside `src/` and `dist/` of this installation (this file is three folders down in both). */
export const DEFAULT_UI_DIR = resolve(import.meta.dirname, '..', '..', '..', 'ui', 'dist');

export interface StaticUiOptions {
  /** The built UI; undefined or missing: the "not built" page. */
  uiDir?: string;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floe</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>floe orchestrator</h1>
<p>The web UI is not built, so there is nothing to show here yet. The REST API works: its description is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<p>Build the UI (<code>npm run build</code> in <code>ui/</code>), or point the webserver at a built one with <code>--ui-dir</code> / <code>FLOE_UI_DIR</code> / <code>orchestrator.webserver.ui_dir</code>.</p>
</body></html>
`;

function wantsPage(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '*/*').split(',').some((type) => type.trim().startsWith('text/html') || type.trim().startsWith('*/*'));
}

export const staticUiPlugin: FastifyPluginAsync<StaticUiOptions> = async (app: FastifyInstance, options) => {
  const root = options.uiDir && existsSync(join(options.uiDir, 'index.html')) ? resolve(options.uiDir) : undefined;
  if (root) await app.register(fastifyStatic, { root, serve: false });

  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    return sendProblem(reply, problem(404, API_ERROR_CODES.notFound, `Nothing is served at ${request.method} ${path}.`, { instance: path, hint: 'The API is described at /api/openapi.json.' }));
  };

  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const path = decodeURIComponent((request.params as { '*': string })['*'] ?? '');
    if (path === 'api' || path.startsWith('api/')) return notFound(request, reply);
    if (!root) return wantsPage(request) ? reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE) : notFound(request, reply);
    const file = resolve(root, path);
    if ((file === root || file.startsWith(root + sep)) && existsSync(file) && statSync(file).isFile()) return reply.sendFile(file.slice(root.length + 1));
    // A client-side route: the app decides what to show.
    return wantsPage(request) ? reply.header('cache-control', 'no-cache').sendFile('index.html') : notFound(request, reply);
  });
};
