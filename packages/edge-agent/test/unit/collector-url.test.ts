import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CollectorUrlError,
  ConfigError,
  collectorEndpoint,
  loadAgentConfig,
  normalizeCollectorUrl,
} from '../../src/config/index.js';

describe('collector URL normalisation', () => {
  it.each([
    ['https://collector.example.kr', 'https://collector.example.kr'],
    ['https://collector.example.kr/', 'https://collector.example.kr'],
    ['https://collector.example.kr///', 'https://collector.example.kr'],
    ['https://collector.example.kr/api/v1', 'https://collector.example.kr'],
    ['https://collector.example.kr/api/v1/', 'https://collector.example.kr'],
    ['https://collector.example.kr/API/V1//', 'https://collector.example.kr'],
    ['  http://127.0.0.1:8080/api/v1 ', 'http://127.0.0.1:8080'],
    ['https://example.kr/gongbang/api/v1', 'https://example.kr/gongbang'],
    ['https://example.kr/gongbang/', 'https://example.kr/gongbang'],
    ['HTTPS://Collector.Example.KR:443/', 'https://collector.example.kr'],
    ['https://collector.example.kr/%61pi/%761', 'https://collector.example.kr'],
    ['https://collector.example.kr/api/v1/./', 'https://collector.example.kr'],
    ['https://collector.example.kr/x/../api/v1', 'https://collector.example.kr'],
    ['https://collector.example.kr/apiv1', 'https://collector.example.kr/apiv1'],
    ['https://collector.example.kr/api/v2', 'https://collector.example.kr/api/v2'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCollectorUrl(input)).toBe(expected);
  });

  it.each([
    ['collector.example.kr', /not a URL/],
    ['ftp://collector.example.kr', /https:\/\/ or http:\/\/, not ftp:/],
    ['file:///etc/passwd', /not file:/],
    ['https://collector.example.kr/?token=x', /query/],
    ['https://collector.example.kr/api/v1?', /query/],
    ['https://collector.example.kr/#top', /fragment/],
    ['https://collector.example.kr/api/v1#', /fragment/],
    ['https://user:pw@collector.example.kr', /password/],
  ])('refuses %s', (input, reason) => {
    expect(() => normalizeCollectorUrl(input)).toThrow(CollectorUrlError);
    expect(() => normalizeCollectorUrl(input)).toThrow(reason);
  });

  it('joins API paths after a prefix instead of replacing it', () => {
    expect(collectorEndpoint('https://example.kr/gongbang', '/api/v1/ingest').href).toBe(
      'https://example.kr/gongbang/api/v1/ingest',
    );
    expect(collectorEndpoint('https://example.kr', '/api/v1/enroll').href).toBe('https://example.kr/api/v1/enroll');
  });
});

describe('collector URL in agent.yaml', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const write = (url: string) => {
    dir = mkdtempSync(path.join(tmpdir(), 'gb-url-'));
    const file = path.join(dir, 'agent.yaml');
    writeFileSync(file, `agent: { id: shop-1 }\ncollector:\n  url: "${url}"\n`);
    return file;
  };

  it('is normalised at load, from the file or from GONGBANG_COLLECTOR_URL', () => {
    expect(loadAgentConfig(write('https://collector.example.kr/api/v1/'), {}).collector?.url).toBe(
      'https://collector.example.kr',
    );
    const env = { GONGBANG_COLLECTOR_URL: 'http://10.0.0.5:8080/api/v1' };
    expect(loadAgentConfig(write('https://collector.example.kr'), env).collector?.url).toBe('http://10.0.0.5:8080');
  });

  it('explains a URL the schema refuses, at its line in the file', () => {
    for (const [url, reason] of [
      ['ftp://collector.example.kr', /collector\.url: must start with https:\/\/ or http:\/\/, not ftp:/],
      ['collector.example.kr', /collector\.url: not a URL; write it like https:\/\/collector\.example\.kr/],
    ] as const) {
      const file = write(url);
      expect(() => loadAgentConfig(file, {})).toThrow(reason);
      expect(() => loadAgentConfig(file, {})).toThrow(`${file}:3:`);
    }
  });

  it('refuses a query or fragment with an error naming the file and collector.url', () => {
    const file = write('https://collector.example.kr/api/v1?x=1');
    let err: unknown;
    try {
      loadAgentConfig(file, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message).toContain(file);
    expect(message).toContain('collector.url');
    expect(message).toMatch(/query/);
    expect(() =>
      loadAgentConfig(write('https://collector.example.kr'), { GONGBANG_COLLECTOR_URL: 'https://c.kr/#x' }),
    ).toThrow(/collector\.url.*GONGBANG_COLLECTOR_URL/s);
  });
});
