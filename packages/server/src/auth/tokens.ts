/** Random identifiers and secrets. Secrets are stored only as SHA-256 digests. */
import { createHash, randomBytes } from 'node:crypto';

/** A public identifier (users, links, imports): 12 URL-safe characters, 72 random bits. */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

/** A secret bearer token (sessions, share links, CSRF): 256 random bits. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret, so a copy of it grants nothing. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
