import type { Server } from 'node:http';
import { createApp } from '../api/app';
import type { ApiContext } from '../api/api-context';
import { listenUrl } from '../config/config';

/** Listens on the configured address; resolves once the port is bound. */
export async function serveApi(ctx: ApiContext): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const app = createApp(ctx);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(ctx.config.api.port, ctx.config.api.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : ctx.config.api.port;
  return {
    server,
    url: listenUrl(ctx.config.api.host, port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
