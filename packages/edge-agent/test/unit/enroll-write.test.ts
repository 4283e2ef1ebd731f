import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '@gongbang/harness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadAgentConfig } from '../../src/config/index.js';
import {
  AlreadyEnrolledError,
  checkEnrollmentTarget,
  type EnrollmentGrant,
  writeEnrollment,
} from '../../src/enroll/index.js';

const grant = (config: unknown = { agent: { id: 'ws-1-agent-1' } }): EnrollmentGrant => ({
  v: 1,
  agentId: 'ws-1-agent-1',
  workshopId: 'ws-1',
  token: 'gba_secret',
  configVersion: 1,
  config,
});

const HANDWRITTEN = `# scanner at the packing table
agent:
  dataDir: ./var
inputs:
  - id: sim-1 # the simulated line until the scanner arrives
    type: simulated
`;

describe('enrollment files', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => {
    dir = await tempDir('gongbang-enroll-unit-');
  });
  afterEach(async () => await dir.remove());
  const at = (p: string) => path.join(dir.dir, p);

  it('completes an agent.yaml written before enrollment, keeping its inputs, comments and data folder', () => {
    writeFileSync(at('agent.yaml'), HANDWRITTEN);
    const files = writeEnrollment(grant(), 'http://127.0.0.1:9', { configFile: at('agent.yaml') });
    expect(files.keptExisting).toBe(true);
    const text = readFileSync(at('agent.yaml'), 'utf8');
    expect(text).toContain('# the simulated line until the scanner arrives');
    expect(text).not.toContain('gba_secret');
    const cfg = loadAgentConfig(at('agent.yaml'), {});
    expect(cfg.agent.id).toBe('ws-1-agent-1');
    expect(cfg.agent.dataDir).toBe(at('var'));
    expect(cfg.inputs.map((i) => i.id)).toEqual(['sim-1']);
    expect(cfg.collector).toMatchObject({ url: 'http://127.0.0.1:9', tokenFile: at('var/agent-token') });
    expect(statSync(at('var/agent-token')).mode & 0o777).toBe(0o600);
    expect(statSync(at('agent.yaml')).mode & 0o777).toBe(0o600);
  });

  it('refuses an enrolled agent.yaml without --force, and with --force keeps its inputs and drops an inline token', () => {
    writeFileSync(at('agent.yaml'), `${HANDWRITTEN}collector:\n  url: http://old.example\n  token: old-token\n`);
    expect(() => checkEnrollmentTarget({ configFile: at('agent.yaml') })).toThrow(AlreadyEnrolledError);
    writeEnrollment(grant(), 'http://127.0.0.1:9', { configFile: at('agent.yaml'), dataDir: at('d2') }, true);
    const cfg = loadAgentConfig(at('agent.yaml'), {});
    expect(cfg.collector?.token).toBeUndefined();
    expect(cfg.collector?.tokenFile).toBe(at('d2/agent-token'));
    expect(cfg.agent.dataDir).toBe(at('d2'));
    expect(cfg.inputs.map((i) => i.id)).toEqual(['sim-1']);
  });

  it('refuses a broken agent.yaml before the code is used, naming the file and the place', () => {
    writeFileSync(at('agent.yaml'), 'agent: {}\ninputs:\n  - id: x\n    type: teleport\n');
    let err: unknown;
    try {
      checkEnrollmentTarget({ configFile: at('agent.yaml') });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(at('agent.yaml'));
    expect((err as ConfigError).message).toMatch(/inputs\[0\]/);
    expect(existsSync(at('data'))).toBe(false);
  });

  it('writes a new agent.yaml without an inputs section when the collector names none', () => {
    writeEnrollment(grant(), 'http://127.0.0.1:9', { configFile: at('new/agent.yaml'), dataDir: at('new/data') });
    const cfg = loadAgentConfig(at('new/agent.yaml'), {});
    expect(cfg.inputs).toEqual([]);
    expect(readFileSync(at('new/agent.yaml'), 'utf8')).not.toMatch(/^inputs:/m);
    expect(JSON.parse(readFileSync(at('new/data/remote-config.json'), 'utf8'))).toMatchObject({ version: 1 });
  });
});
