import { describe, expect, it } from 'vitest';
import { HostCheck, hostOf } from '../../src/status/host-check.js';

describe('status page Host check (DNS rebinding)', () => {
  const check = new HostCheck('127.0.0.1', 'workshop-pc');

  it.each([
    '127.0.0.1:8787',
    'localhost:8787',
    'LOCALHOST',
    'localhost.:8787',
    'status.localhost:8787',
    '[::1]:8787',
    '192.168.0.23:8787',
    'workshop-pc:8787',
    'workshop-pc.local:8787',
  ])('answers Host: %s', (host) => {
    expect(check.allows(host)).toBe(true);
  });

  it.each([
    'evil.example:8787',
    'evil.example',
    '127.0.0.1.evil.example',
    'localhost.evil.example',
    'workshop-pc.evil.example',
    'evil.example:8787@127.0.0.1',
    '127.0.0.1 evil.example',
    '',
    '[::1',
  ])('refuses Host: %s', (host) => {
    expect(check.allows(host)).toBe(false);
  });

  it('answers the configured host name, and requests without a Host header (HTTP/1.0)', () => {
    expect(new HostCheck('minipc.lan').allows('minipc.lan:8787')).toBe(true);
    expect(new HostCheck('0.0.0.0', 'pc').allows('other.lan')).toBe(false);
    expect(check.allows(undefined)).toBe(true);
  });

  it('splits the host from the port, also for IPv6', () => {
    expect(hostOf('[fe80::1%eth0]:80')).toBe('fe80::1%eth0');
    expect(hostOf('Example.KR:443')).toBe('example.kr');
    expect(hostOf('a:b:c')).toBeUndefined();
  });
});
