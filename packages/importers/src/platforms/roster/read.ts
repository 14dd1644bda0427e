/**
 * Reads a creator roster: any encoding the importers read (UTF-8 with or without BOM, GB18030,
 * UTF-16, XLSX), the header found among the first rows, the kind of roster recognised by its
 * headers unless a mapping is given. Rows that cannot be read are rejected with a reason; the
 * others become one entry per account.
 */
import type { Channel } from '@markpi/core';
import { importError } from '../../errors.js';
import { parseNumber } from '../../parse/numbers.js';
import { cellText, findHeaderRow, normalizeHeader } from '../../read/header.js';
import { openRecordStream, type ReadOptions, type SourceRecord } from '../../read/records.js';
import type { ImportSource } from '../../read/source.js';
import { isTotalLabel } from '../../read/totals.js';
import type { RosterMessageKey } from './messages.js';
import {
  CHANNEL_NAMES,
  CONTENT_TYPE_NAMES,
  ROSTER_PROFILES,
  type RosterField,
  type RosterProfile,
  TIER_NAMES,
} from './profiles.js';

/** One account of one creator, as the roster says it. */
export interface RosterEntry {
  /** 1-based row of the file. */
  row: number;
  creator: string;
  name: string | null;
  channel: Channel | null;
  account: string | null;
  accountName: string | null;
  followers: number | null;
  category: string | null;
  agency: string | null;
  contentType: string | null;
  tier: 'kol' | 'kos' | 'koc' | null;
  link: string | null;
}

export interface RosterRejection {
  row: number;
  column: string;
  /** Says why in the dashboard's and the CLI's languages (see messages.ts). */
  reason: RosterMessageKey;
  params: Record<string, string>;
  values: Record<string, string>;
}

export interface RosterRead {
  profile: RosterProfile;
  rowsRead: number;
  entries: RosterEntry[];
  rejected: RosterRejection[];
}

/** Rows searched for the header. */
const HEADER_SEARCH_ROWS = 30;
/** Cells that mean "none": an agency column saying 无 is no agency. */
const NONE = new Set(['', '-', '--', '—', '无', '暂无', 'null', 'n/a']);

const present = (text: string): string | null => (NONE.has(text.trim().toLowerCase()) ? null : text.trim());

/** How many of a profile's headers a header row holds; signatures weigh three times. */
function profileScore(profile: RosterProfile, headers: readonly string[]): number {
  const have = new Set(headers);
  let score = 0;
  for (const list of Object.values(profile.columns))
    if (list?.some((header) => have.has(normalizeHeader(header)))) score += 1;
  for (const header of profile.signature) if (have.has(normalizeHeader(header))) score += 3;
  return score;
}

/** The column of each field: the first of its headers the file has. */
function bindColumns(profile: RosterProfile, headers: readonly string[]): Map<RosterField, number> {
  const bound = new Map<RosterField, number>();
  for (const [field, list] of Object.entries(profile.columns) as [RosterField, readonly string[]][]) {
    for (const header of list) {
      const index = headers.indexOf(normalizeHeader(header));
      if (index >= 0) {
        bound.set(field, index);
        break;
      }
    }
  }
  return bound;
}

export async function readRoster(
  source: ImportSource,
  options: { profile?: RosterProfile; read?: ReadOptions } = {},
): Promise<RosterRead> {
  const stream = await openRecordStream(source, options.read);
  const records: SourceRecord[] = [];
  for await (const batch of stream.batches()) records.push(...batch);
  const candidates = options.profile ? [options.profile] : ROSTER_PROFILES;
  const head = records.slice(0, HEADER_SEARCH_ROWS);
  const found = findHeaderRow(head, (cells) =>
    Math.max(...candidates.map((profile) => profileScore(profile, cells))),
  );
  if (!found) {
    throw importError('import.no_header', {
      file: source.name,
      row: 1,
      message: 'no header row of a creator roster among the first rows',
    });
  }
  const headerRecord = head[found.index]!;
  const headers = headerRecord.cells.map((cell) => normalizeHeader(cellText(cell)));
  const ranked = candidates
    .map((profile) => ({ profile, score: profileScore(profile, headers) }))
    .sort((a, b) => b.score - a.score);
  const profile = ranked[0]!.profile;
  const columns = bindColumns(profile, headers);
  if (!columns.has('creator') && !columns.has('account')) {
    throw importError('import.missing_column', {
      file: source.name,
      row: headerRecord.row,
      message: `a ${profile.label} needs a creator id or an account column (${[...(profile.columns.creator ?? []), ...(profile.columns.account ?? [])].join(', ')})`,
    });
  }
  if (!profile.channel && !columns.has('channel')) {
    throw importError('import.missing_column', {
      file: source.name,
      row: headerRecord.row,
      message: `a ${profile.label} covering several platforms needs a platform column (${(profile.columns.channel ?? []).join(', ')})`,
    });
  }
  const rawHeaders = headerRecord.cells.map((cell) => cellText(cell));
  const entries: RosterEntry[] = [];
  const rejected: RosterRejection[] = [];
  let rowsRead = 0;
  for (const record of records.slice(found.index + 1)) {
    const texts = record.cells.map((cell) => cellText(cell).trim());
    if (texts.every((text) => text === '')) continue;
    // A 合计 / 总计 row closing the list is no creator.
    if (isTotalLabel(texts.find((text) => text !== '') ?? '')) continue;
    rowsRead += 1;
    const values = Object.fromEntries(rawHeaders.map((header, index) => [header, texts[index] ?? '']));
    const cell = (field: RosterField): string | null => {
      const index = columns.get(field);
      return index === undefined ? null : present(texts[index] ?? '');
    };
    const reject = (field: RosterField, reason: RosterMessageKey, params: Record<string, string>) =>
      rejected.push({
        row: record.row,
        column: rawHeaders[columns.get(field) ?? 0] ?? field,
        reason,
        params,
        values,
      });
    const account = cell('account');
    const creator = cell('creator') ?? account;
    if (creator === null) {
      reject(columns.has('creator') ? 'creator' : 'account', 'roster.no_creator', {});
      continue;
    }
    const channelText = cell('channel');
    const channel =
      profile.channel ?? (channelText === null ? null : (CHANNEL_NAMES[channelText.toLowerCase()] ?? null));
    if (channel === null && (channelText !== null || account !== null)) {
      reject('channel', 'roster.unknown_channel', { value: channelText ?? '' });
      continue;
    }
    let followers: number | null = null;
    const followersCell = columns.has('followers') ? (record.cells[columns.get('followers')!] ?? null) : null;
    const parsed = parseNumber(followersCell);
    if (!parsed.ok || (parsed.value !== null && parsed.value < 0)) {
      reject('followers', 'roster.bad_followers', { value: cell('followers') ?? '' });
      continue;
    }
    followers = parsed.value === null ? null : Math.round(parsed.value);
    const tierText = cell('tier');
    const tier = tierText === null ? null : (TIER_NAMES[tierText.toLowerCase()] ?? null);
    if (tierText !== null && tier === null) {
      reject('tier', 'roster.unknown_tier', { value: tierText });
      continue;
    }
    const contentType = cell('content_type');
    entries.push({
      row: record.row,
      creator,
      name: cell('name'),
      channel,
      account,
      accountName: cell('account_name') ?? cell('name'),
      followers,
      category: cell('category'),
      agency: cell('agency'),
      contentType:
        contentType === null ? null : (CONTENT_TYPE_NAMES[contentType] ?? contentType.toLowerCase()),
      tier,
      link: cell('link'),
    });
  }
  return { profile, rowsRead, entries, rejected };
}
