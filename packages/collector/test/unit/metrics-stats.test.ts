import { describe, expect, it } from 'vitest';
import { median, quantile, quartiles } from '../../src/metrics/index.js';

// Expected values are R's (type 7, its default): quantile(1:10) prints
//   0%    25%    50%    75%   100%
//  1.00   3.25   5.50   7.75  10.00
describe('quartiles (Hyndman & Fan type 7)', () => {
  it('matches R for quantile(1:10)', () => {
    expect(quartiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ q1: 3.25, median: 5.5, q3: 7.75, n: 10 });
  });

  it('matches R for quantile(c(1, 2, 3, 4)): 1.75, 2.5, 3.25', () => {
    expect(quartiles([4, 1, 3, 2])).toEqual({ q1: 1.75, median: 2.5, q3: 3.25, n: 4 });
  });

  it('matches R for quantile(c(2.5, 0.1, 7, 3.3, 10)): 2.5, 3.3, 7', () => {
    expect(quartiles([2.5, 0.1, 7, 3.3, 10])).toEqual({ q1: 2.5, median: 3.3, q3: 7, n: 5 });
  });

  it('leaves out nulls, undefined and non-finite values and counts only the rest', () => {
    expect(
      quartiles([null, 10, undefined, 1, Number.NaN, 2, null, 3, Number.POSITIVE_INFINITY, 4, 5, 6, 7, 8, 9]),
    ).toEqual({ q1: 3.25, median: 5.5, q3: 7.75, n: 10 });
  });

  it('is null with N = 0, also when every value is null', () => {
    const none = { q1: null, median: null, q3: null, n: 0 };
    expect(quartiles([])).toEqual(none);
    expect(quartiles([null, null])).toEqual(none);
  });

  it('gives the value itself for every quartile with N = 1', () => {
    expect(quartiles([0.42])).toEqual({ q1: 0.42, median: 0.42, q3: 0.42, n: 1 });
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    quartiles(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('median and quantile', () => {
  it('takes the mean of the middle two for an even N and the middle value for an odd N', () => {
    expect(median([1, 2, 3, 4])).toEqual({ value: 2.5, n: 4 });
    expect(median([5, 1, 3])).toEqual({ value: 3, n: 3 });
  });

  it('is null with N = 0', () => {
    expect(median([])).toEqual({ value: null, n: 0 });
    expect(median([null])).toEqual({ value: null, n: 0 });
  });

  it('matches R for quantile(1:10, c(0, 0.1, 0.9, 1)): 1, 1.9, 9.1, 10', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(xs, 0).value).toBe(1);
    expect(quantile(xs, 0.1).value).toBeCloseTo(1.9, 12);
    expect(quantile(xs, 0.9).value).toBeCloseTo(9.1, 12);
    expect(quantile(xs, 1).value).toBe(10);
  });

  it.each([-0.01, 1.01, Number.NaN])('throws for p = %s', (p) => {
    expect(() => quantile([1, 2], p)).toThrow(RangeError);
  });
});
