export { FloeError, FloeErrors, formatError, formatPosition, isFloeError } from './floe-error.js';
export type { SourcePosition, Severity, FloeErrorOptions } from './floe-error.js';
export { editDistance, nearestName, didYouMean } from './nearest-name.js';
