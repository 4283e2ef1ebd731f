import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireBinary } from '@gongbang/harness';

/** PEM files of a private CA, a server certificate for 127.0.0.1 and a client certificate it signed. */
export interface TestCerts {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: a client trusting only it must refuse the server. */
  otherCa: string;
}

/** Makes the certificates with openssl in `dir` (the caller removes it). */
export function makeTestCerts(dir: string): TestCerts {
  const openssl = requireBinary('openssl', 'openssl');
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync(openssl, args, { stdio: 'pipe' });
  const ca = (name: string) =>
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.pem`),
    );
  const leaf = (name: string, cn: string, ext: string) => {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
    );
    writeFileSync(f(`${name}.cnf`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('test-ca.pem'),
      '-CAkey',
      f('test-ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f(`${name}.cnf`),
      '-out',
      f(`${name}.pem`),
    );
  };
  ca('test-ca');
  ca('other-ca');
  leaf('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\n');
  leaf('client', 'sensor-1', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('test-ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
    otherCa: f('other-ca.pem'),
  };
}
