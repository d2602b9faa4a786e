import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a server, to play a network that fails:
 * `blackhole()` keeps every connection open but carries nothing, as when a
 * database host vanishes without closing its connections (no RST, no FIN);
 * `restore()` carries traffic again (new connections only, as after a
 * network heals and the old ones have been given up).
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #pairs = new Set<[Socket, Socket]>();
  #blackholed = false;

  constructor(private readonly targetPort: number) {
    this.#server = createServer((client) => {
      if (this.#blackholed) {
        client.on('error', () => undefined);
        this.#pairs.add([client, client]);
        return;
      }
      const upstream = connect(this.targetPort, '127.0.0.1');
      const pair: [Socket, Socket] = [client, upstream];
      this.#pairs.add(pair);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.#pairs.delete(pair);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    const address = this.#server.address();
    return address && typeof address === 'object' ? address.port : 0;
  }

  /** Stops carrying anything, on open connections and new ones, without closing any. */
  blackhole(): void {
    this.#blackholed = true;
    for (const [a, b] of this.#pairs) {
      a.unpipe();
      b.unpipe();
      a.pause();
      b.pause();
    }
  }

  /** Carries traffic again for new connections; the silenced ones are closed. */
  restore(): void {
    this.#blackholed = false;
    for (const [a, b] of this.#pairs) {
      a.destroy();
      b.destroy();
    }
    this.#pairs.clear();
  }

  async stop(): Promise<void> {
    for (const [a, b] of this.#pairs) {
      a.destroy();
      b.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
