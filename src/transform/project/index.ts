export { loadProject } from './load-project.js';
export type { LoadProjectOptions } from './load-project.js';
