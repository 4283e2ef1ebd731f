import { describe, expect, it } from 'vitest';
import { isSecretField, maskSecrets, restoreSecrets, SECRET_MASK } from '../../src/remote-config/secrets.js';

describe('remote config secrets', () => {
  it('treats passwords, tokens and other credentials as secrets, but not paths to files or JSON keys', () => {
    for (const name of [
      'password',
      'token',
      'passphrase',
      'secret',
      'apiKey',
      'privateKey',
      'brokerPassword',
      'clientSecret',
      'authToken',
    ])
      expect(isSecretField(name), name).toBe(true);
    for (const name of ['tokenFile', 'keyFile', 'certFile', 'key', 'timestampKey', 'username', 'rotateTokenDays'])
      expect(isSecretField(name), name).toBe(false);
  });

  it('masks only string secrets, at any depth', () => {
    expect(maskSecrets({ a: [{ password: 'p', n: 1 }], token: 't', rotateTokenDays: 90 })).toEqual({
      a: [{ password: SECRET_MASK, n: 1 }],
      token: SECRET_MASK,
      rotateTokenDays: 90,
    });
  });

  it('never restores the mask itself as a secret', () => {
    const r = restoreSecrets({ password: SECRET_MASK }, { password: SECRET_MASK });
    expect(r.issues).toHaveLength(1);
  });
});
