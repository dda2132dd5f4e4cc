import http from 'node:http';

export interface OneShotAnswer {
  status: number;
  text: string;
  headers: Headers;
}

/**
 * One HTTP request on a connection of its own, closed after the answer.
 *
 * The topology test kills parts of the system between requests. `fetch` reuses idle keep-alive
 * sockets, and a socket the server closes as its keep-alive timer runs out, just as the client
 * sends on it, fails with "other side closed" though nothing crashed: a race in the test's
 * client, not the product. With a new connection per request, a socket error can only mean the
 * API process really closed it, which is what the test must notice.
 */
export function requestOnce(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<OneShotAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method, headers: { ...options.headers, connection: 'close' }, agent: false, timeout: options.timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${options.method} ${url}: no answer in ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(options.body);
  });
}
