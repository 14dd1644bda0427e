/** Where the committed fixture files live (tests only). */
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));
