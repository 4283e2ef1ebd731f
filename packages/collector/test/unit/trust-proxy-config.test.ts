import { describe, expect, it } from 'vitest';
import { ConfigError, loadCollectorConfig, parseCollectorConfigText } from '../../src/config/index.js';

function problems(text: string): string {
  try {
    parseCollectorConfigText(text, 'collector.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('server.trustProxy', () => {
  it('defaults to trusting no proxy', () => {
    expect(parseCollectorConfigText('{}', 'collector.yaml').server.trustProxy).toBe(false);
  });

  it('takes a list of addresses, CIDR ranges and range names', () => {
    const parse = (v: string) => parseCollectorConfigText(`server:\n  trustProxy: ${v}\n`, 'c.yaml').server.trustProxy;
    expect(parse('[10.0.0.5, 10.0.0.0/24, "fd00::/8", "::1", loopback]')).toEqual([
      '10.0.0.5',
      '10.0.0.0/24',
      'fd00::/8',
      '::1',
      'loopback',
    ]);
    expect(parse('"10.0.0.5, 192.168.1.0/24"')).toEqual(['10.0.0.5', '192.168.1.0/24']);
  });

  it('refuses true and says to list the proxies instead', () => {
    expect(problems('server:\n  trustProxy: true\n')).toMatch(
      /collector\.yaml:2:\d+ server\.trustProxy: true would trust X-Forwarded-For from every client.*list the addresses or CIDR ranges of your reverse proxies/,
    );
  });

  it('refuses a hop count, which Fastify 5 turns into trusting no proxy', () => {
    expect(problems('server:\n  trustProxy: 1\n')).toMatch(
      /collector\.yaml:2:\d+ server\.trustProxy: a hop count trusts no proxy in Fastify 5.*list the addresses/,
    );
  });

  it('names each entry that is not an address or a range, with its place in the list', () => {
    const msg = problems(
      'server:\n  trustProxy:\n    - 10.0.0.5\n    - 10.0.0.300\n    - proxy.example.kr\n    - 10.0.0.0/33\n',
    );
    expect(msg).toMatch(
      /collector\.yaml:4:\d+ server\.trustProxy\[1\]: "10\.0\.0\.300" is not an IP address, a CIDR range/,
    );
    expect(msg).toMatch(/collector\.yaml:5:\d+ server\.trustProxy\[2\]: "proxy\.example\.kr" is not an IP address/);
    expect(msg).toMatch(/server\.trustProxy\[3\]: "10\.0\.0\.0\/33" is not/);
    expect(problems('server:\n  trustProxy: []\n')).toMatch(/server\.trustProxy: list at least one proxy address/);
  });

  it('reads GONGBANG_COLLECTOR_TRUST_PROXY as a comma-separated list, and refuses true there too', () => {
    const load = (v: string) =>
      loadCollectorConfig(undefined, { env: { GONGBANG_COLLECTOR_TRUST_PROXY: v }, cwd: '/srv' }).server.trustProxy;
    expect(load('10.0.0.5, 10.1.0.0/16')).toEqual(['10.0.0.5', '10.1.0.0/16']);
    expect(load('false')).toBe(false);
    expect(() => load('2')).toThrow(/a hop count trusts no proxy/);
    expect(() => load('true')).toThrow(/trustProxy: true would trust X-Forwarded-For from every client/);
  });
});
