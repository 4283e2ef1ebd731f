import { startInfluxDB } from '@gongbang/harness';
import { describe, expect, it } from 'vitest';
import { InfluxStore, toLine } from '../../src/store/index.js';
import { TRICKY_TEXT } from '../support/readings.js';

describe('line protocol escaping on a real InfluxDB 1.6', () => {
  it('keeps tag values and strings with spaces, commas, equals signs, quotes, backslashes, Korean and emoji intact', async () => {
    const influx = await startInfluxDB();
    try {
      await influx.createDatabase('gb');
      const store = new InfluxStore({ url: influx.url, api: 'v1', database: 'gb' });
      const tag = '공방 A,B=1 "q" C:\\x 😀';
      const text = `${TRICKY_TEXT} ,= \\" end\\`;
      await store.writeLines([
        toLine({
          measurement: 'probe m,1',
          tags: { where: tag },
          fields: { text, n: 1 },
          timeNs: '1700000000000000001',
        }),
        toLine({
          measurement: 'probe m,1',
          tags: { where: 'plain' },
          fields: { text: 'x', n: 2 },
          timeNs: '1700000000000000001',
        }),
      ]);
      const res = await influx.query('SELECT "text", "n" FROM "probe m,1" GROUP BY "where"', 'gb');
      const series = res.results[0]!.series!;
      const byTag = Object.fromEntries(series.map((s) => [s.tags!.where!, s.values[0]]));
      expect(Object.keys(byTag).sort()).toEqual(['plain', tag].sort());
      expect(byTag[tag]).toEqual([1700000000000, text, 1]);
    } finally {
      await influx.close();
    }
  });
});
