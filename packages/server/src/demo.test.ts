/** The overview on the demo workspace finds the weakness the demo's story planted. */
import { DEMO_PERIOD, DEMO_STORY, loadDemo } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

describe('overview on the demo workspace', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
    const { services } = harness.server;
    const demo = await services.registry.createOwned({
      id: 'demo',
      name: 'Demo',
      createdAt: harness.clock.now().toISOString(),
    });
    await loadDemo(await services.registry.warehouse(demo), { performanceRows: 60_000 });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('marks the planted weak funnel stage, and defaults to the last 30 days of data', async () => {
    const root = await harness.as('root');
    const response = await root.get('/api/workspaces/demo/overview');
    expect(response.statusCode).toBe(200);
    const overview = response.json();
    expect(overview.period.to).toBe(DEMO_PERIOD.to);
    const { weakFunnel } = DEMO_STORY;
    expect(weakFunnel.stage).toBe('click_to_conversion');
    expect(overview.funnel.weakest).toMatchObject({ channel: weakFunnel.channel, stage: 'conversion' });
    const weak = overview.funnel.channels.find(
      (entry: { channel: string }) => entry.channel === weakFunnel.channel,
    );
    const conversion = weak.stages.find((stage: { stage: string }) => stage.stage === 'conversion');
    expect(conversion.rate).toBeLessThan(weakFunnel.lowestElsewhere);
    expect(overview.tiles.every((tile: { value: number | null }) => tile.value !== null)).toBe(true);
  });
});
