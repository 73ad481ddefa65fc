/** A `Content-Encoding` other than gzip or identity. */
export class UnsupportedEncodingError extends Error {
  readonly encoding: string;
  constructor(encoding: string) {
    super(`unsupported Content-Encoding: ${encoding}`);
    this.name = 'UnsupportedEncodingError';
    this.encoding = encoding;
  }
}
