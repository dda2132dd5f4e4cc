import http from 'node:http';

/**
 * Starts a multipart upload of one file to `url`, sends half of it and drops the connection: what
 * a browser closed mid-upload leaves the API. Resolves once the connection is gone.
 */
export async function abortUploadHalfWay(url: string, token: string): Promise<void> {
  const boundary = 'xBOUNDARYx';
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="partial.txt"\r\ncontent-type: text/plain\r\n\r\n`;
  const target = new URL(url);
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 10_000 },
    });
    req.on('error', () => resolve());
    req.write(head + 'half of the file');
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 300);
  });
  // Give the API the moment it takes to notice and clean up.
  await new Promise((resolve) => setTimeout(resolve, 300));
}
