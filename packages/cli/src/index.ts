export type { Io } from './context.js';
export { EXIT_INTERNAL, EXIT_OK, EXIT_USER, runCli } from './program.js';
