/** Text an auditor can read: valid UTF-8 with no control characters but tab, line breaks and form feed. */
function isPlainText(content: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * The media type of an upload from its bytes alone (file-type's magic numbers); text has none,
 * so text is recognised by being clean UTF-8, and only then does a `.csv` name make it CSV.
 */
export async function sniffMediaType(content: Buffer, filename: string): Promise<string> {
  // Loaded at the first upload, not at start (as exceljs and pdfkit are).
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(content);
  if (found) return found.mime;
  if (isPlainText(content)) return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
  return 'application/octet-stream';
}
