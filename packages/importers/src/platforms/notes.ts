/**
 * A platform's notes on how its export is read, as messages: core's `import.note.<platform>.<n>`
 * keys in their order, so the import page and the CLI say them in the reader's language.
 */
import { IMPORT_NOTE_MESSAGES, type Said } from '@markpi/core';

export function platformNotes(platform: string): Said[] {
  const prefix = `import.note.${platform}.`;
  const keys = Object.keys(IMPORT_NOTE_MESSAGES).filter((key) => key.startsWith(prefix));
  if (keys.length === 0) throw new Error(`no notes for the platform \`${platform}\``);
  return keys.map((key) => ({ key, params: {} }));
}
