import yazl from 'yazl';

export interface ZipEntry {
  path: string;
  content: Buffer;
}

/**
 * A ZIP whose bytes depend on its entries alone: entries sorted by path, each dated the same
 * fixed time, the same compression level, no extended timestamp field. yazl writes DOS times in
 * the machine's local zone, so the time given is built from the UTC calendar fields of `day`
 * at noon (never inside a daylight-saving gap): every machine writes the same fields.
 */
export function deterministicZip(entries: readonly ZipEntry[], day: Date, order: 'sorted' | 'as given' = 'sorted'): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12, 0, 0);
  const ordered = order === 'sorted' ? [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) : entries;
  for (const entry of ordered) {
    zip.addBuffer(entry.content, entry.path, { mtime, mode: 0o100644, compress: true, compressionLevel: 6, forceDosTimestamp: true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
