import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleRetention, type TimeSeriesStore } from '../../src/store/index.js';

describe('scheduleRetention', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies the retention cutoff at once and then every interval, until stopped', async () => {
    vi.useFakeTimers();
    const cutoffs: number[] = [];
    const applyRetention = async (c: number) => {
      cutoffs.push(c);
      return 3;
    };
    const store = { applyRetention } as unknown as TimeSeriesStore;
    const deleted: Array<number | null> = [];
    let now = 100 * 86_400_000;
    const stop = scheduleRetention(store, {
      retentionDays: 30,
      intervalMs: 1000,
      now: () => now,
      onDeleted: (n) => deleted.push(n),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(cutoffs).toEqual([70 * 86_400_000]);
    now += 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(cutoffs).toEqual([70 * 86_400_000, 70 * 86_400_000 + 1000]);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(cutoffs).toHaveLength(2);
    expect(deleted).toEqual([3, 3]);
  });

  it('reports a failing retention and keeps running', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const store = {
      applyRetention: async () => {
        throw new Error('disk gone');
      },
    } as unknown as TimeSeriesStore;
    const stop = scheduleRetention(store, { retentionDays: 1, intervalMs: 10, onError: (e) => errors.push(e) });
    await vi.advanceTimersByTimeAsync(25);
    stop();
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });
});
