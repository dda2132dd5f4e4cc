import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config, Secrets } from '../config/config';

type TemporalSettings = Pick<Config['temporal'], 'namespace' | 'tls'> & { address: string };

function connectionOptions(settings: TemporalSettings, secrets: Pick<Secrets, 'temporalApiKey'>) {
  return {
    address: settings.address,
    tls: settings.tls ? {} : undefined,
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
