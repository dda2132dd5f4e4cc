import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../domain/app-error';

export interface Upload {
  filename: string;
  content: Buffer;
  /** The form's text fields, as sent (`step`). */
  fields: Record<string, string>;
}

/** Room for the multipart framing and the few text fields around the file. */
const FRAMING_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `body.file: larger than the ${maxBytes} bytes accepted`, [{ field: 'body.file', reason: `larger than ${maxBytes} bytes` }]);
const invalid = (field: string, reason: string) => new AppError('validation_failed', `${field}: ${reason}`, [{ field, reason }]);

/** A file name as shown and offered back on download: the last path segment, printable, bounded. */
function cleanFilename(raw: string | undefined): string {
  const name = (raw ?? '').split(/[\\/]/).pop()!.trim();
  if (name === '') throw invalid('body.file', 'has no file name');
  if (name.length > 255) throw invalid('body.file', 'its file name is longer than 255 characters');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name) || /[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    throw invalid('body.file', 'its file name must not contain control characters or unpaired surrogates');
  }
  return name;
}

/**
 * Reads one `multipart/form-data` upload (the file in the field `file`) with busboy, streaming:
 * a declared length over the limit is refused before a byte is read; otherwise the file is
 * counted as it arrives and the rest discarded once past `maxBytes` (413), so at most the limit
 * is ever held in memory. Nothing is stored here; the caller stores a complete file or nothing.
 */
export function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  const type = req.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    return Promise.reject(new AppError('unsupported_media_type', 'send the file as multipart/form-data in the field "file"'));
  }
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING_BYTES) return Promise.reject(tooLarge(maxBytes));
  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // File names are UTF-8 (as browsers and fetch send them), not busboy's default latin1.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch (error) {
      reject(new AppError('bad_request', `the multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let filename: string | undefined;
    let failure: AppError | undefined;
    const fail = (error: AppError) => {
      failure ??= error;
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        fail(invalid(`body.${name}`, 'is not a field of this upload; send the file in "file"'));
        stream.resume();
        return;
      }
      try {
        filename = cleanFilename(info.filename);
      } catch (error) {
        fail(error as AppError);
      }
      stream.on('data', (chunk: Buffer) => {
        if (!failure) chunks.push(chunk);
      });
      stream.on('limit', () => {
        fail(tooLarge(maxBytes));
        chunks.length = 0;
      });
    });
    parser.on('filesLimit', () => fail(invalid('body', 'holds more than one file')));
    parser.on('error', (error: Error) => reject(new AppError('bad_request', `the multipart body cannot be read: ${error.message}`)));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (filename === undefined) reject(invalid('body.file', 'is required'));
      else resolve({ filename, content: Buffer.concat(chunks), fields });
    });
    // An aborted request never closes the parser: nothing was stored, and no answer can be read.
    req.on('aborted', () => reject(new AppError('bad_request', 'the upload was aborted')));
    req.pipe(parser);
  });
}
