import { Client, Connection } from '@temporalio/client';
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

/** A client for starting workflows and sending them updates (the API's side). */
export async function connectClient(settings: TemporalSettings, secrets: Pick<Secrets, 'temporalApiKey'>): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings, secrets));
  return new Client({ connection, namespace: settings.namespace });
}

/** The native connection a worker polls through (the worker's side). */
export async function connectWorker(settings: TemporalSettings, secrets: Pick<Secrets, 'temporalApiKey'>): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(settings, secrets));
}
