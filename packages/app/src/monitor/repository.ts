/**
 * The monitor's memory in the workspace (the store's monitor tables): settings by version,
 * incidents as their events, and the state one run leaves the next. Append-only, like the
 * targets: a change is a new row, so the same code works on every engine. Bodies are JSON; the
 * settings are checked with their schema on the way out, so a hand-edited row can't smuggle bad
 * settings into a run.
 */
import type { CellValue, Row, Warehouse } from '@markpi/store';
import { MONITOR_INCIDENT_EVENTS_TABLE, MONITOR_SETTINGS_TABLE, MONITOR_STATE_TABLE } from '@markpi/store';
import type { IncidentEvent } from './incidents.js';
import { DEFAULT_MONITOR_SETTINGS, type MonitorSettings, monitorSettingsSchema } from './settings.js';

export interface StoredSettings {
  settings: MonitorSettings;
  /** 0 for the defaults, which nobody saved. */
  version: number;
  updatedAt: string | null;
  author: string | null;
}

function columns(rows: readonly Record<string, CellValue>[]) {
  const names = Object.keys(rows[0] ?? {});
  return {
    rowCount: rows.length,
    columns: Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] ?? null)])),
  };
}

const text = (row: Row, key: string) => String(row[key]);
const optionalText = (row: Row, key: string) => {
  const value = row[key];
  return value === null || value === undefined ? null : String(value);
};

export async function loadMonitorSettings(warehouse: Warehouse): Promise<StoredSettings> {
  const q = (name: string) => warehouse.dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('version')}, ${q('body')}, ${q('created_at')}, ${q('author')} FROM ${q(MONITOR_SETTINGS_TABLE.name)} ORDER BY ${q('version')} DESC LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return { settings: DEFAULT_MONITOR_SETTINGS, version: 0, updatedAt: null, author: null };
  const parsed = monitorSettingsSchema.safeParse(JSON.parse(text(row, 'body')));
  return {
    // Settings saved by a later version of markpi or edited by hand fall back to the defaults.
    settings: parsed.success ? parsed.data : DEFAULT_MONITOR_SETTINGS,
    version: Number(row.version),
    updatedAt: text(row, 'created_at'),
    author: optionalText(row, 'author'),
  };
}

export async function saveMonitorSettings(
  warehouse: Warehouse,
  settings: MonitorSettings,
  options: { now: Date; author?: string | null },
): Promise<StoredSettings> {
  return warehouse.transaction(async (scoped) => {
    const current = await loadMonitorSettings(scoped);
    const version = current.version + 1;
    const updatedAt = options.now.toISOString();
    await scoped.append(
      MONITOR_SETTINGS_TABLE.name,
      columns([
        { version, body: JSON.stringify(settings), created_at: updatedAt, author: options.author ?? null },
      ]),
    );
    return { settings, version, updatedAt, author: options.author ?? null };
  });
}

/** Events of the given incidents (every incident when `ids` is absent), in order per incident. */
export async function loadIncidentEvents(
  warehouse: Warehouse,
  ids?: readonly string[],
): Promise<Map<string, IncidentEvent[]>> {
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const where =
    ids === undefined
      ? ''
      : ` WHERE ${q('incident_id')} IN (${ids.map((_, index) => dialect.parameter(index, 'text')).join(', ')})`;
  if (ids !== undefined && ids.length === 0) return new Map();
  const rows = await warehouse.query(
    `SELECT ${['incident_id', 'seq', 'kind', 'at', 'actor', 'body'].map(q).join(', ')} FROM ${q(MONITOR_INCIDENT_EVENTS_TABLE.name)}${where} ORDER BY ${q('incident_id')}, ${q('seq')}`,
    ids === undefined ? [] : [...ids],
  );
  const events = new Map<string, IncidentEvent[]>();
  for (const row of rows) {
    const id = text(row, 'incident_id');
    const list = events.get(id) ?? [];
    list.push({
      incidentId: id,
      seq: Number(row.seq),
      kind: text(row, 'kind') as IncidentEvent['kind'],
      at: text(row, 'at'),
      actor: optionalText(row, 'actor'),
      body: JSON.parse(text(row, 'body')),
    });
    events.set(id, list);
  }
  return events;
}

/**
 * Appends events, numbering each after the last one of its incident. Call inside a transaction
 * when events are read and written together (one writer per workspace keeps the numbers unique).
 */
export async function appendIncidentEvents(
  warehouse: Warehouse,
  events: readonly Omit<IncidentEvent, 'seq'>[],
): Promise<IncidentEvent[]> {
  if (events.length === 0) return [];
  const ids = [...new Set(events.map((event) => event.incidentId))];
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('incident_id')}, max(${q('seq')}) AS last_seq FROM ${q(MONITOR_INCIDENT_EVENTS_TABLE.name)} WHERE ${q('incident_id')} IN (${ids.map((_, index) => dialect.parameter(index, 'text')).join(', ')}) GROUP BY ${q('incident_id')}`,
    ids,
  );
  const last = new Map(rows.map((row) => [text(row, 'incident_id'), Number(row.last_seq)]));
  const numbered = events.map((event) => {
    const seq = (last.get(event.incidentId) ?? 0) + 1;
    last.set(event.incidentId, seq);
    return { ...event, seq };
  });
  await warehouse.append(
    MONITOR_INCIDENT_EVENTS_TABLE.name,
    columns(
      numbered.map((event) => ({
        incident_id: event.incidentId,
        seq: event.seq,
        kind: event.kind,
        at: event.at,
        actor: event.actor,
        body: JSON.stringify(event.body),
      })),
    ),
  );
  return numbered;
}

/** The latest body of each state key that starts with `prefix`. */
export async function loadMonitorState(warehouse: Warehouse, prefix: string): Promise<Map<string, unknown>> {
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('state_key')}, ${q('version')}, ${q('body')} FROM ${q(MONITOR_STATE_TABLE.name)} WHERE substr(${q('state_key')}, 1, ${prefix.length}) = ${dialect.parameter(0, 'text')} ORDER BY ${q('state_key')}, ${q('version')}`,
    [prefix],
  );
  const state = new Map<string, unknown>();
  for (const row of rows) state.set(text(row, 'state_key'), JSON.parse(text(row, 'body')));
  return state;
}

/** Saves new values of state keys (a new version each); unchanged values are not written again. */
export async function saveMonitorState(
  warehouse: Warehouse,
  entries: ReadonlyMap<string, unknown>,
  now: Date,
): Promise<void> {
  if (entries.size === 0) return;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const keys = [...entries.keys()];
  const rows = await warehouse.query(
    `SELECT ${q('state_key')}, ${q('version')}, ${q('body')} FROM ${q(MONITOR_STATE_TABLE.name)} WHERE ${q('state_key')} IN (${keys.map((_, index) => dialect.parameter(index, 'text')).join(', ')}) ORDER BY ${q('state_key')}, ${q('version')}`,
    keys,
  );
  const current = new Map(rows.map((row) => [text(row, 'state_key'), row]));
  const added: Record<string, CellValue>[] = [];
  for (const [key, value] of entries) {
    const body = JSON.stringify(value);
    const have = current.get(key);
    if (have && text(have, 'body') === body) continue;
    added.push({
      state_key: key,
      version: have ? Number(have.version) + 1 : 1,
      body,
      created_at: now.toISOString(),
    });
  }
  if (added.length > 0) await warehouse.append(MONITOR_STATE_TABLE.name, columns(added));
}
