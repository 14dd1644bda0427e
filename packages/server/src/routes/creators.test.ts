/**
 * `markpi creators`, `markpi search-visibility` and `markpi audiences` and their routes are two
 * edges over one set of use cases: the same questions get the same answers from both, on the
 * hand-made October of the application layer's creator fixture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCreatorFixture } from '../../../app/src/creators/testing.js';
import { runCliCaptured } from '../../../cli/src/testing.js';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

type Json = Record<string, unknown>;
const WINDOW = { from: '2026-10-01', to: '2026-10-05' };

describe('creators from the CLI and the HTTP API', () => {
  let harness: Harness;
  let folder: string;
  let file: string;
  let viewer: TestClient;
  const cliAnswers = new Map<string, Json>();
  const url = (rest: string) => `/api/workspaces/october${rest}`;
  const questions = [
    ['leaderboard', ['creators', 'leaderboard', '--min-spend', '5000'], '/creators?minSpend=5000'],
    ['page', ['creators', 'show', 'kol_a'], '/creators/kol_a'],
    ['rehire', ['creators', 'rehire'], '/creators/rehire'],
    ['search', ['search-visibility'], '/search-visibility'],
    ['audiences', ['audiences', '--days', '1'], '/audiences?days=1'],
  ] as const;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-creators-api-'));
    file = path.join(folder, 'october.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadCreatorFixture(warehouse);
    await warehouse.close();
    for (const [key, args] of questions) {
      const answer = await runCliCaptured(folder, [
        '--db',
        file,
        ...args,
        '--from',
        WINDOW.from,
        '--to',
        WINDOW.to,
        '--format',
        'json',
      ]);
      expect(answer.code, answer.err).toBe(0);
      cliAnswers.set(key, JSON.parse(answer.out) as Json);
    }
    harness = await createHarness();
    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    const october = await services.registry.registerFile(file, { id: 'october', name: 'October', createdAt });
    await services.workspaces.addMember({
      workspaceId: october.id,
      userId: harness.accounts.viewerA.id,
      role: 'viewer',
      createdAt,
    });
    viewer = await harness.as('viewerA');
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('answers every view exactly as the CLI does', async () => {
    for (const [key, , route] of questions) {
      const separator = route.includes('?') ? '&' : '?';
      const response = await viewer.get(url(`${route}${separator}from=${WINDOW.from}&to=${WINDOW.to}`));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<Json>(), key).toEqual(cliAnswers.get(key));
    }
    const page = cliAnswers.get('page') as { cost: { total: number } };
    expect(page.cost.total).toBe(10_000);
  });

  it('refuses what cannot be answered', async () => {
    expect((await viewer.get(url('/creators?tier=vip'))).statusCode).toBe(400);
    expect((await viewer.get(url('/creators?tier=koc&sortBy=cpe'))).statusCode).toBe(400);
    expect((await viewer.get(url(`/creators/nobody?from=${WINDOW.from}&to=${WINDOW.to}`))).statusCode).toBe(
      404,
    );
    expect((await viewer.get(url('/audiences?promotion=none'))).statusCode).toBe(404);
  });
});
