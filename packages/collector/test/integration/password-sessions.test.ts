import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

describe.each(DIALECTS)('passwords and sessions on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let base: string;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const login = async (username: string, password: string) => {
    const res = await call('POST', '/api/v1/auth/login', {}, { username, password });
    expect(res.status).toBe(200);
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: res.body.csrfToken as string };
  };
  const me = (s: { cookie: string }) => call('GET', '/api/v1/auth/me', { cookie: s.cookie });
  const newUser = async (username: string, password: string) =>
    registry.users.create({ username, password, role: 'technician', workshopIds: ['ws-a'] });

  it('ends every session of a user whose password an admin resets', async () => {
    const u = await newUser('reset-me', 'old-password-1');
    const laptop = await login('reset-me', 'old-password-1');
    const phone = await login('reset-me', 'old-password-1');
    expect((await me(laptop)).status).toBe(200);
    const reset = await call(
      'POST',
      `/api/v1/users/${u.id}/password`,
      { authorization: `Bearer ${world.tokens.admin}` },
      { password: 'new-password-1' },
    );
    expect(reset.status).toBe(204);
    expect((await me(laptop)).status).toBe(401);
    expect((await me(phone)).status).toBe(401);
    await login('reset-me', 'new-password-1');
  });

  it('keeps the session that changes its own password and ends the others', async () => {
    await newUser('change-me', 'old-password-2');
    const here = await login('change-me', 'old-password-2');
    const elsewhere = await login('change-me', 'old-password-2');
    const change = (s: { cookie: string; csrf: string }, body: unknown) =>
      call('POST', '/api/v1/auth/password', { cookie: s.cookie, 'x-csrf-token': s.csrf }, body);

    const wrong = await change(here, { currentPassword: 'not-it-at-all', newPassword: 'new-password-2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues[0].path).toBe('currentPassword');
    expect((await me(elsewhere)).status).toBe(200);

    const ok = await change(here, { currentPassword: 'old-password-2', newPassword: 'new-password-2' });
    expect(ok.status).toBe(204);
    expect((await me(here)).status).toBe(200);
    expect((await me(elsewhere)).status).toBe(401);
    expect(
      (await call('POST', '/api/v1/auth/login', {}, { username: 'change-me', password: 'old-password-2' })).status,
    ).toBe(401);
    await login('change-me', 'new-password-2');
  });

  it('counts wrong current passwords against the login throttle', async () => {
    await newUser('guessed', 'right-password-3');
    const s = await login('guessed', 'right-password-3');
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(
          'POST',
          '/api/v1/auth/password',
          { cookie: s.cookie, 'x-csrf-token': s.csrf },
          { currentPassword: `guess-${i}-xxxxx`, newPassword: 'whatever-password' },
        ).then((r) => r.status),
      ),
    );
    // TEST_REGISTRY_OPTIONS allows 3 failures per window.
    expect(statuses.filter((x) => x === 400)).toHaveLength(3);
    expect(statuses.filter((x) => x === 429)).toHaveLength(5);
    await registry.db.deleteFrom('auth_failures').execute();
  });

  it('ends the sessions of a disabled user at once', async () => {
    const u = await newUser('leaving', 'leaving-password');
    const s = await login('leaving', 'leaving-password');
    await call('POST', `/api/v1/users/${u.id}/disable`, { authorization: `Bearer ${world.tokens.admin}` });
    expect((await me(s)).status).toBe(401);
    expect(await registry.db.selectFrom('sessions').select('token_hash').where('user_id', '=', u.id).execute()).toEqual(
      [],
    );
  });
});
