import type { Server } from 'node:http';
import type { Express } from 'express';
import { listenUrl, type Config } from '../config/config';

/** Listens on the configured address; resolves once the port is bound. */
export async function listen(app: Express, settings: Config['api']): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(settings.port, settings.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  return {
    server,
    url: listenUrl(settings.host, port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
