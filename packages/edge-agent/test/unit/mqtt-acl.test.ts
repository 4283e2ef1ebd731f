import { describe, expect, it } from 'vitest';
import { filterCovers, isValidFilter } from '../../src/inputs/mqtt/acl.js';

describe('filterCovers (MQTT 3.1.1 §4.7): an allowed filter covers a requested topic or filter', () => {
  it.each([
    // allowed, requested, covered
    ['devices/s1/#', 'devices/s1/temp', true],
    ['devices/s1/#', 'devices/s1', true], // §4.7.1.2: "sport/#" also matches "sport"
    ['devices/s1/#', 'devices/s1/#', true],
    ['devices/s1/#', 'devices/s1/+', true],
    ['devices/s1/#', 'devices/s1/+/x/#', true],
    ['devices/s1/#', 'devices/s2/temp', false],
    ['devices/s1/#', 'devices/#', false],
    ['devices/s1/#', 'devices/+/temp', false],
    ['devices/s1/#', '#', false],
    ['devices/s1/+', 'devices/s1/temp', true],
    ['devices/s1/+', 'devices/s1/+', true],
    ['devices/s1/+', 'devices/s1/#', false], // `+` is one level; `#` would add every deeper one
    ['devices/s1/+', 'devices/s1/a/b', false],
    ['devices/s1/+', 'devices/s1', false],
    ['devices/+/temp', 'devices/s1/temp', true],
    ['devices/+/temp', 'devices/+/temp', true],
    ['devices/+/temp', 'devices/#', false],
    ['devices/+/temp', 'devices/+/#', false],
    ['devices/+/temp', 'devices/s1/temp/x', false],
    ['shelly/plug-1', 'shelly/plug-1', true],
    ['shelly/plug-1', 'shelly/plug-1/x', false],
    ['shelly/plug-1', 'shelly/+', false],
    ['shelly/plug-1', 'shelly', false],
    ['#', 'anything/at/all', true],
    ['#', '$SYS/broker/clients', false], // §4.7.2: wildcards never match a leading `$`
    ['+/x', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['a//b', 'a//b', true], // empty levels are levels
    ['a/+/b', 'a//b', true],
    ['a/+', 'a/b/', false],
    // malformed filters are never covered and never cover
    ['devices/s1/#', 'devices/s1/t#', false],
    ['devices/s1/#', 'devices/s1/+x', false],
    ['devices/s1/#', 'devices/s1/#/x', false],
    ['devices/s1/#', 'devices/s1/\u0000', false],
    ['devices/s1#', 'devices/s1x', false],
  ] as const)('%s covers %s: %s', (allowed, requested, want) => {
    expect(filterCovers(allowed, requested)).toBe(want);
  });
});

describe('isValidFilter', () => {
  it.each([
    ['a/b', true],
    ['a/+/b', true],
    ['a/#', true],
    ['#', true],
    ['+', true],
    ['', false],
    ['a/#/b', false],
    ['a/b#', false],
    ['a+/b', false],
    ['a/\u0000', false],
  ] as const)('%j is %s', (f, want) => expect(isValidFilter(f)).toBe(want));
});
