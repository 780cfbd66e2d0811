export { createLogger } from './create-logger.js';
export type { FloeLogger, LoggerOptions, LogFormat, LogLevel } from './create-logger.js';
