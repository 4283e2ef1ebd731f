import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, DIALECTS, seed, startTestRegistry, TEST_REGISTRY_OPTIONS } from './registry-fixtures.js';

// The production limit: 10 failures per window, per address and per username.
const LIMIT = { maxFailures: 10, windowMs: 60_000 };

const login = async (base: string, username: string, password: string, headers: Record<string, string> = {}) =>
  (
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    })
  ).status;

const count = (statuses: number[], s: number) => statuses.filter((x) => x === s).length;

describe.each(DIALECTS)('login throttle under parallel guesses on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildRegistryApp>>;
  let base: string;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect, { loginThrottle: LIMIT, enrollThrottle: LIMIT }));
    await seed(registry);
    app = await buildRegistryApp(registry);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  it('checks at most 10 of 40 parallel wrong passwords; the rest are 429', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => login(base, 'eval', `guess-${i}`)));
    expect(count(statuses, 401)).toBe(10);
    expect(count(statuses, 429)).toBe(30);
    // Even the right password waits now: the window is full of real failures.
    expect(await login(base, 'eval', 'eval-password-1')).toBe(429);
    await registry.db.deleteFrom('auth_failures').execute();
  });

  it('is not fooled by forged proxy headers: one address, however it claims to be forwarded', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(base, `user-${i}`, 'guess', { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}` }),
      ),
    );
    expect(count(statuses, 401)).toBe(10);
    expect(count(statuses, 429)).toBe(30);
    await registry.db.deleteFrom('auth_failures').execute();
  });

  it('lets at most 10 of 40 parallel wrong enrollment codes be tried', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await fetch(`${base}/api/v1/enroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: `GUES-S${String(i).padStart(3, '0')}-ZZZZ` }),
        });
        return res.status;
      }),
    );
    expect(count(statuses, 404)).toBe(10);
    expect(count(statuses, 429)).toBe(30);
    await registry.db.deleteFrom('auth_failures').execute();
  });

  it('gives the slot back on success, so parallel good logins leave no failures behind', async () => {
    // A fresh app: the tests above used up this address's HTTP limit of 60 login requests a
    // minute (PUBLIC_LIMITED); this one is about the registry's failure throttle.
    const fresh = await buildRegistryApp(registry);
    try {
      const freshBase = await fresh.listen({ port: 0, host: '127.0.0.1' });
      const statuses = await Promise.all(Array.from({ length: 8 }, () => login(freshBase, 'tech', 'tech-password-1')));
      expect(statuses).toEqual(Array(8).fill(200));
      expect(await registry.db.selectFrom('auth_failures').selectAll().execute()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

describe('login throttle shared by two collectors on one PostgreSQL registry', () => {
  let first: Awaited<ReturnType<typeof startTestRegistry>>;
  let second: Registry;
  const apps: Awaited<ReturnType<typeof buildRegistryApp>>[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    first = await startTestRegistry('postgres', { loginThrottle: LIMIT });
    await seed(first.registry);
    second = new Registry({ ...TEST_REGISTRY_OPTIONS, loginThrottle: LIMIT, location: first.location });
    await second.start();
    for (const r of [first.registry, second]) {
      const app = await buildRegistryApp(r);
      apps.push(app);
      bases.push(await app.listen({ port: 0, host: '127.0.0.1' }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await second?.stop();
    await first?.close();
  });

  it('checks at most 10 of 40 guesses split over both collectors', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(bases[i % 2] as string, 'owner', `guess-${i}`)),
    );
    expect(count(statuses, 401)).toBe(10);
    expect(count(statuses, 429)).toBe(30);
  });
});
