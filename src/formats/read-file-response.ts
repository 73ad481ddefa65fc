/** How reading a downloaded file ended: its bytes, or why they are not a trace file. */
export type FileResponseBody =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'too-large'; limit: number }
  /** A web page (a sign-in or error page) where the file should have been. */
  | { kind: 'web-page' };

/**
 * Reads a file download's body without ever holding more than `maxBytes`, and recognises the web page a
 * file host serves instead of the file (by content type, or by how the body starts when the type is
 * missing or wrong). The chat adapters download attachments with it.
 */
export async function readFileResponse(response: Response, maxBytes: number): Promise<FileResponseBody> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('text/html')) {
    await response.body?.cancel();
    return { kind: 'web-page' };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return { kind: 'too-large', limit: maxBytes };
      }
      chunks.push(value);
    }
  }
  const bytes = Buffer.concat(chunks);
  const head = bytes.subarray(0, 256).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return { kind: 'web-page' };
  return { kind: 'bytes', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
