export { floeVersion } from './floe-version.js';
