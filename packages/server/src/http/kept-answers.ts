/**
 * Whole answers kept as the bytes they were sent as, for routes whose answer is a function of
 * what their key names and of the workspace's data (the overview: twenty people opening the
 * dashboard ask the same question). An answer is kept under the workspace's data epoch
 * (`WorkspaceRegistry.dataEpoch`), a token that changes with every write to the workspace, and is
 * served again only while the epoch is the same: after an import the next request computes afresh.
 * A kept answer carries a strong ETag (a digest of its bytes), so a client that holds it gets 304.
 */
import { createHash } from 'node:crypto';

/** An answer already serialised: sent as it is, with its ETag. */
export class SerializedAnswer {
  constructor(
    readonly json: string,
    readonly etag: string,
    /** Headers describing the answer that its handler set (`x-markpi-rollups`), sent with it every time. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  static of(body: unknown, headers: Readonly<Record<string, string>> = {}): SerializedAnswer {
    // What fastify itself sends for an object: `JSON.stringify` of it.
    const json = JSON.stringify(body);
    return new SerializedAnswer(
      json,
      `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`,
      headers,
    );
  }

  /** Whether an `If-None-Match` header names this answer (or is `*`). */
  matches(ifNoneMatch: string | undefined): boolean {
    if (!ifNoneMatch) return false;
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === '*' || tag === this.etag);
  }
}

/** The headers among those a handler set that describe its answer (`x-markpi-…`). */
function describingHeaders(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string] => entry[0].startsWith('x-markpi-') && typeof entry[1] === 'string',
    ),
  );
}

/** What a route names to have its answer kept: everything the answer depends on besides the data. */
export interface KeepKey {
  key: string;
  /** The workspace's data epoch when the request began (`WorkspaceRegistry.dataEpoch`). */
  epoch: object;
}

interface Kept {
  epoch: object;
  answer: SerializedAnswer;
}

export class KeptAnswers {
  private readonly entries = new Map<string, Kept>();
  private served = 0;
  private computed = 0;

  constructor(private readonly maxEntries = 256) {}

  get hits(): number {
    return this.served;
  }
  get misses(): number {
    return this.computed;
  }

  /**
   * The answer kept for `key` under `epoch`, else `compute`'s, kept when it succeeds. The epoch is
   * taken before computing, so an answer computed across a write is kept under the epoch before
   * it and never served after. Concurrent askers of a missing answer each compute it (their reads
   * are shared by the read cache), so no asker's cancellation reaches another. The `x-markpi-…`
   * headers the computation set (`headersSet`) are kept with the answer.
   */
  async answer(
    wanted: KeepKey,
    compute: () => Promise<unknown>,
    headersSet: () => Readonly<Record<string, unknown>> = () => ({}),
  ): Promise<SerializedAnswer> {
    const found = this.entries.get(wanted.key);
    if (found && found.epoch === wanted.epoch) {
      this.served += 1;
      // Refresh its place in the least-recently-used order.
      this.entries.delete(wanted.key);
      this.entries.set(wanted.key, found);
      return found.answer;
    }
    this.computed += 1;
    const answer = SerializedAnswer.of(await compute(), describingHeaders(headersSet()));
    this.entries.delete(wanted.key);
    this.entries.set(wanted.key, { epoch: wanted.epoch, answer });
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    return answer;
  }
}
