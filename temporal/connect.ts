import { readFileSync } from 'node:fs';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config, Secrets } from '../config/config';

type TemporalSettings = Pick<Config['temporal'], 'namespace' | 'tls'> & { address: string; tlsFiles?: Config['temporal']['tlsFiles'] };

/**
 * TLS as configured: the system's roots unless a CA is named, and the client certificate a
 * cluster with mTLS (`requireClientAuth`) asks for. Files are read at each connect, so renewed
 * certificates are taken up when a process restarts.
 */
function tlsOf(settings: TemporalSettings) {
  if (!settings.tls) return undefined;
  const files = settings.tlsFiles;
  return {
    ...(files?.caPath ? { serverRootCACertificate: readFileSync(files.caPath) } : {}),
    ...(files?.serverName ? { serverNameOverride: files.serverName } : {}),
    ...(files?.clientCert ? { clientCertPair: { crt: readFileSync(files.clientCert.certPath), key: readFileSync(files.clientCert.keyPath) } } : {}),
  };
}

function connectionOptions(settings: TemporalSettings, secrets: Pick<Secrets, 'temporalApiKey'>) {
  return {
    address: settings.address,
    tls: tlsOf(settings),
    apiKey: secrets.temporalApiKey,
  };
}

/**
 * Attempts of one call while the frontend is unreachable: the SDK's default (10) backs off for
 * about 20 s, which an HTTP client takes for a hang; 7 ride out a blip of about 5 s, then the
 * API answers 503 with Retry-After (api/unavailable.ts).
 */
const CLIENT_CALL_ATTEMPTS = 7;

/** A client for starting workflows and sending them updates (the API's side). */
export async function connectClient(settings: TemporalSettings, secrets: Pick<Secrets, 'temporalApiKey'>): Promise<Client> {
  const connection = await Connection.connect({
    ...connectionOptions(settings, secrets),
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: CLIENT_CALL_ATTEMPTS }))],
  });
  return new Client({ connection, namespace: settings.namespace });
}

/** The native connection a worker polls through (the worker's side). */
export async function connectWorker(settings: TemporalSettings, secrets: Pick<Secrets, 'temporalApiKey'>): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(settings, secrets));
}
