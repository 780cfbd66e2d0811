export { buildGraph } from './dependency-graph.js';
export type { DependencyGraph } from './dependency-graph.js';
export { selectNodes } from './select-nodes.js';
export type { SelectionOptions, IndirectSelection } from './select-nodes.js';
export { SELECTOR_METHODS } from './selector-syntax.js';
