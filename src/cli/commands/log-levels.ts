import type { EventLevel } from '../../orchestrator/index.js';

/** `floe logs --level` choices, lowest first (the state store's event levels). */
export const LOG_LEVELS: EventLevel[] = ['debug', 'info', 'warn', 'error'];
