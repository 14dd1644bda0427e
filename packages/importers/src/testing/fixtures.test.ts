/**
 * The committed fixture files are exactly what the generator produces. Run with
 * MARKPI_WRITE_FIXTURES=1 to (re)write them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openRecordStream, type SourceRecord } from '../read/records.js';
import { bytesSource } from '../read/source.js';
import { FIXTURES, fixtureBytes, MAPPINGS } from './fixtures.js';
import { FIXTURE_DIR } from './paths.js';

const write = process.env.MARKPI_WRITE_FIXTURES === '1';

async function records(name: string, bytes: Uint8Array): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for await (const batch of (await openRecordStream(bytesSource(name, bytes))).batches()) all.push(...batch);
  return all;
}

describe('fixtures', () => {
  it.runIf(write)('writes the fixture files', async () => {
    await mkdir(`${FIXTURE_DIR}mappings`, { recursive: true });
    for (const fixture of FIXTURES)
      await writeFile(`${FIXTURE_DIR}${fixture.file}`, await fixtureBytes(fixture));
    for (const [name, mapping] of Object.entries(MAPPINGS)) {
      await writeFile(`${FIXTURE_DIR}mappings/${name}.json`, `${JSON.stringify(mapping, null, 2)}\n`);
    }
  });

  for (const fixture of FIXTURES) {
    it(`${fixture.file} matches its generator`, async () => {
      const onDisk = new Uint8Array(await readFile(`${FIXTURE_DIR}${fixture.file}`));
      const generated = await fixtureBytes(fixture);
      if (fixture.encoding === 'xlsx') {
        // Zip timestamps vary between runs; compare the cells instead.
        expect(await records(fixture.file, onDisk)).toEqual(await records(fixture.file, generated));
      } else {
        expect(Buffer.from(onDisk).equals(Buffer.from(generated))).toBe(true);
      }
    });
  }

  it('mapping files match their definitions', async () => {
    for (const [name, mapping] of Object.entries(MAPPINGS)) {
      expect(JSON.parse(await readFile(`${FIXTURE_DIR}mappings/${name}.json`, 'utf8'))).toEqual(mapping);
    }
  });
});
