import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** PEM files of a private CA, a server certificate it signed (localhost, 127.0.0.1) and a client certificate. */
export interface TestCertificates {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Makes the certificates of an mTLS test in `dir` with the machine's openssl (node:crypto cannot
 * issue X.509 certificates): P-256 keys, a CA with basic constraints, leaf certificates with
 * subject alternative names and extended key usages, as rustls (the worker's connection) and Go
 * (the Temporal server) require. Valid for two days.
 */
export function makeTestCertificates(dir: string): TestCertificates {
  const file = (name: string) => path.join(dir, name);
  const key = (name: string) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name)]);
  key('ca.key');
  openssl([
    'req', '-x509', '-new', '-key', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=aims topology test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  const leaf = (name: string, subject: string, extensions: string) => {
    key(`${name}.key`);
    openssl(['req', '-new', '-key', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', subject]);
    writeFileSync(file(`${name}.ext`), extensions);
    openssl([
      'x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-out', file(`${name}.pem`), '-days', '2', '-extfile', file(`${name}.ext`),
    ]); // prettier-ignore
  };
  const common = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n';
  // The server's certificate also serves Temporal's own system worker as its client certificate.
  leaf('server', '/CN=localhost', `${common}extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n`);
  leaf('client', '/CN=aims engine', `${common}extendedKeyUsage=clientAuth\nsubjectAltName=DNS:aims-engine\n`);
  return {
    caFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key'),
    clientCertFile: file('client.pem'),
    clientKeyFile: file('client.key'),
  };
}
