import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BodyTooLargeError } from './body-too-large-error.js';
import { UnsupportedEncodingError } from './unsupported-encoding-error.js';

/**
 * The whole body, gunzipped when `Content-Encoding: gzip`; stops reading as soon as the cap is passed
 * (counted after decompression, so that a small gzip bomb cannot fill memory).
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  const declared = Number(request.headers['content-length']);
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes)
    throw new BodyTooLargeError(maxBytes);
  let stream: Readable = request;
  if (encoding === 'gzip') stream = request.pipe(createGunzip());
  else if (encoding !== 'identity') throw new UnsupportedEncodingError(encoding);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
