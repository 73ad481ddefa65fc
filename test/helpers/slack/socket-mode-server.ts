import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.byteLength;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | opcode, 127]),
            Buffer.from(new BigUint64Array([BigInt(length)]).buffer).reverse(),
          ]);
  return Buffer.concat([header, payload]);
}

/**
 * A loopback stand-in for Slack's Socket Mode WebSocket endpoint (RFC 6455, text frames only): sends
 * `hello` on connect, lets the test push envelopes, and records what the app sends back (acks).
 */
export class SocketModeServer {
  readonly received: Array<Record<string, unknown>> = [];
  #server: Server;
  #socket: Duplex | null = null;
  #connected: Promise<void>;
  #resolveConnected: () => void = () => {};
  #waiters: Array<() => void> = [];

  constructor() {
    this.#connected = new Promise((resolve) => {
      this.#resolveConnected = resolve;
    });
    this.#server = createServer((_request, response) => response.writeHead(426).end());
    this.#server.on('upgrade', (request, socket) => {
      const key = String(request.headers['sec-websocket-key'] ?? '');
      const accept = createHash('sha1').update(`${key}${websocketGuid}`).digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.#socket = socket;
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          const parsed = this.#readFrame(buffered);
          if (!parsed) break;
          buffered = buffered.subarray(parsed.consumed);
          if (parsed.opcode === 0x1) {
            this.received.push(JSON.parse(parsed.payload.toString('utf8')) as Record<string, unknown>);
            for (const waiter of this.#waiters.splice(0)) waiter();
          } else if (parsed.opcode === 0x9) {
            socket.write(frame(0xa, parsed.payload));
          } else if (parsed.opcode === 0x8) {
            socket.end(frame(0x8, Buffer.alloc(0)));
          }
        }
      });
      socket.on('error', () => {});
      this.send({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'test', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0001' },
      });
      this.#resolveConnected();
    });
  }

  #readFrame(buffer: Buffer): { opcode: number; payload: Buffer; consumed: number } | null {
    if (buffer.byteLength < 2) return null;
    const opcode = (buffer[0] ?? 0) & 0x0f;
    const masked = ((buffer[1] ?? 0) & 0x80) !== 0;
    let length = (buffer[1] ?? 0) & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buffer.byteLength < 4) return null;
      length = buffer.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buffer.byteLength < 10) return null;
      length = Number(buffer.readBigUInt64BE(2));
      offset = 10;
    }
    const maskBytes = masked ? buffer.subarray(offset, offset + 4) : null;
    offset += masked ? 4 : 0;
    if (buffer.byteLength < offset + length) return null;
    const payload = Buffer.from(buffer.subarray(offset, offset + length));
    if (maskBytes)
      for (let index = 0; index < payload.byteLength; index += 1)
        payload[index] = (payload[index] ?? 0) ^ (maskBytes[index % 4] ?? 0);
    return { opcode, payload, consumed: offset + length };
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link/?ticket=test`;
  }

  connected(): Promise<void> {
    return this.#connected;
  }

  send(message: Record<string, unknown>): void {
    this.#socket?.write(frame(0x1, Buffer.from(JSON.stringify(message), 'utf8')));
  }

  /** Resolves once a message matching `predicate` has been received. */
  async waitFor(predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    this.#socket?.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
