import { Writable } from 'node:stream';
import { tempDir } from '@gongbang/harness';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Registry } from '../../src/compose/registry.js';
import { buildWholeApp, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: log lines read in assertions
type Line = Record<string, any>;

describe('audit log lines', () => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildWholeApp>>;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let world: Awaited<ReturnType<typeof seed>>;
  const lines: Line[] = [];
  const raw: string[] = [];

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    tmp = await tempDir('gb-audit-');
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) {
          raw.push(l);
          lines.push(JSON.parse(l) as Line);
        }
        done();
      },
    });
    // The production level: audit lines must pass `info`.
    app = await buildWholeApp(registry, tmp.dir, { logger: pino({ level: 'info' }, stream) });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
    await tmp?.remove();
  });

  const audits = (event: string) => lines.filter((l) => l.audit === true && l.event === event);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('logs failed and successful logins with who and from where, never the password', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'eval', password: 'secret-guess-xyz' },
    });
    expect(bad.statusCode).toBe(401);
    const good = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'eval', password: 'eval-password-1' },
    });
    expect(good.statusCode).toBe(200);
    expect(audits('auth.login')).toEqual([
      expect.objectContaining({
        actor: null,
        target: { username: 'eval' },
        outcome: 'failure',
        reason: 'wrong_password',
        ip: '127.0.0.1',
      }),
      expect.objectContaining({ actor: 'eval', target: { userId: world.users.evaluator.id }, outcome: 'success' }),
    ]);
    const all = raw.join('\n');
    expect(all).not.toContain('secret-guess-xyz');
    expect(all).not.toContain('eval-password-1');
    expect(all).not.toContain('gbs_');
  });

  it('logs user changes, API token changes, agent token changes and workshop deletion', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(world.tokens.admin),
      payload: { username: 'newbie', password: 'newbie-password-1', role: 'evaluator' },
    });
    const userId = created.json().id as string;
    await app.inject({
      method: 'POST',
      url: `/api/v1/users/${userId}/password`,
      headers: as(world.tokens.admin),
      payload: { password: 'newbie-password-2' },
    });
    await app.inject({ method: 'POST', url: `/api/v1/users/${userId}/disable`, headers: as(world.tokens.admin) });
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/api-tokens',
      headers: as(world.tokens.technician),
      payload: { name: 'laptop' },
    });
    await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/api-tokens/${token.json().id}`,
      headers: as(world.tokens.technician),
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/agents/agent-a/token/rotate',
      headers: as(world.tokens.technician),
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/agents/agent-a/token/revoke',
      headers: as(world.tokens.technician),
    });
    await app.inject({ method: 'POST', url: '/api/v1/agent/token', headers: as(world.agentTokens.b) });
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/v1/agents/agent-b/config',
      headers: as(world.tokens.admin),
      payload: { config: { agent: { id: 'agent-b' }, inputs: [] } },
    });
    expect(saved.statusCode).toBe(200);
    await registry.workshops.create({ id: 'ws-gone', nameKo: '폐업', nameEn: 'Closed', industry: 'other' });
    const del = await app.inject({
      method: 'DELETE',
      url: '/api/v1/workshops/ws-gone',
      headers: as(world.tokens.admin),
    });
    expect(del.statusCode).toBe(204);

    const one = (event: string) => {
      const found = audits(event);
      expect(found, event).toHaveLength(1);
      return found[0];
    };
    expect(one('user.create')).toMatchObject({
      actor: 'admin',
      target: { userId, username: 'newbie' },
      outcome: 'success',
    });
    expect(one('user.password_reset')).toMatchObject({ actor: 'admin', target: { userId }, outcome: 'success' });
    expect(one('user.disable')).toMatchObject({ actor: 'admin', target: { userId }, outcome: 'success' });
    expect(one('api_token.create')).toMatchObject({ actor: 'tech', target: { tokenId: token.json().id } });
    expect(one('api_token.revoke')).toMatchObject({ actor: 'tech', target: { tokenId: token.json().id } });
    expect(one('agent_token.rotate')).toMatchObject({
      actor: 'tech',
      target: { agentId: 'agent-a', workshopId: 'ws-a' },
    });
    expect(one('agent_token.revoke')).toMatchObject({ actor: 'tech', target: { agentId: 'agent-a' } });
    expect(one('agent_token.self_rotate')).toMatchObject({ actor: 'agent:agent-b', target: { agentId: 'agent-b' } });
    expect(one('agent_config.save')).toMatchObject({ actor: 'admin', target: { agentId: 'agent-b', version: '1' } });
    expect(one('workshop.delete')).toMatchObject({
      actor: 'admin',
      target: { workshopId: 'ws-gone' },
      outcome: 'success',
    });
    const all = raw.join('\n');
    expect(all).not.toContain('newbie-password');
    expect(all).not.toContain(token.json().token);
  });

  it('logs refused logins of a throttled address', async () => {
    await registry.db.deleteFrom('auth_failures').execute();
    for (let i = 0; i < 4; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'owner', password: `no-${i}` },
      });
    }
    expect(audits('auth.login').filter((l) => l.outcome === 'refused')).toEqual([
      expect.objectContaining({ target: { username: 'owner' }, reason: 'rate_limited' }),
    ]);
  });
});
