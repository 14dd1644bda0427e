/**
 * `markpi cohorts` / `markpi ltv` and the customer routes are two edges over one set of use
 * cases: the same question gets the same answer from both, on a workspace worked out by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHandWorkspace } from '../../../app/src/customers/testing.js';
import { runCliCaptured } from '../../../cli/src/testing.js';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

const QUESTIONS = {
  cohorts: { cli: ['cohorts', '--by-channel'], url: '/customers/cohorts?byChannel=true' },
  retention: {
    cli: ['cohorts', 'retention', '--from', '2026-02-01', '--to', '2026-02-28', '--churn-days', '30'],
    url: '/customers/retention?from=2026-02-01&to=2026-02-28&churnDays=30',
  },
  curves: { cli: ['ltv', 'curves', '--through', '2026-03-31'], url: '/customers/ltv?through=2026-03-31' },
  payback: {
    cli: ['ltv', 'payback', '--from-cohort', '2026-01', '--through', '2026-03-31', '--margin', '0.8'],
    url: '/customers/payback?fromCohort=2026-01&through=2026-03-31&margin=0.8',
  },
} as const;

describe('customers from the CLI and the HTTP API', () => {
  let harness: Harness;
  let folder: string;
  let viewer: TestClient;
  const cliAnswers = new Map<string, unknown>();

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-customers-api-'));
    const file = path.join(folder, 'shop.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadHandWorkspace(warehouse);
    await warehouse.close();
    for (const [key, question] of Object.entries(QUESTIONS)) {
      const answer = await runCliCaptured(folder, ['--db', file, ...question.cli, '--format', 'json']);
      expect(answer.code, answer.err).toBe(0);
      cliAnswers.set(key, JSON.parse(answer.out));
    }
    harness = await createHarness();
    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    const shop = await services.registry.registerFile(file, { id: 'shop', name: 'Shop', createdAt });
    await services.workspaces.addMember({
      workspaceId: shop.id,
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

  it('answers each question as the CLI does', async () => {
    for (const [key, question] of Object.entries(QUESTIONS)) {
      const response = await viewer.get(`/api/workspaces/shop${question.url}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual(cliAnswers.get(key));
    }
  });

  it('gives the figures worked out by hand, with notes in both languages', async () => {
    const payback = (await viewer.get(`/api/workspaces/shop${QUESTIONS.payback.url}`)).json() as {
      channels: { channel: string; cost: number; paybackMonth: number | null }[];
      notes: { text: { en: string; zh: string } }[];
    };
    // Tmall's CAC 136.67 against 0.8 × LTV (66.67, 77.33, 120): not paid back by March.
    expect(payback.channels.find((row) => row.channel === 'tmall')).toMatchObject({
      cost: 410,
      paybackMonth: null,
    });
    expect(payback.notes[0]!.text.zh).toContain('共享费用');
    const retention = (await viewer.get(`/api/workspaces/shop${QUESTIONS.retention.url}`)).json();
    expect(retention).toMatchObject({
      startCustomers: 2,
      endCustomers: 3,
      acquiredCustomers: 3,
      retention: 0,
    });
    const fit = await viewer.get('/api/workspaces/shop/customers/ltv/fit');
    expect(fit.statusCode).toBe(200);
    expect(Object.keys((fit.json() as { purchase: { estimates: object } }).purchase.estimates)).toEqual([
      'r',
      'alpha',
      'a',
      'b',
    ]);
    // Whether the drop-out was identified travels with the fit (four customers: it is not).
    expect((fit.json() as { purchase: { dropout: string } }).purchase.dropout).toBe('not_identified');
  });

  it('refuses a bad month and strangers', async () => {
    expect((await viewer.get('/api/workspaces/shop/customers/cohorts?fromCohort=2026-13')).statusCode).toBe(
      400,
    );
    const stranger = await harness.as('ownerB');
    expect((await stranger.get('/api/workspaces/shop/customers/cohorts')).statusCode).toBe(404);
  });
});
