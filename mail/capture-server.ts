import { mkdirSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface CapturedMessage {
  /** Envelope recipients, as the SMTP client gave them. */
  to: string[];
  raw: Buffer;
  receivedAt: Date;
  /** Where the message was written, when the catcher keeps files. */
  file: string | undefined;
}

/**
 * A real SMTP listener on loopback that keeps what it receives: as .eml files a person can open
 * (the engine's default when no relay is configured) and in memory for tests to inspect.
 */
export class MailCatcher {
  readonly messages: CapturedMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private server: SMTPServer | undefined;
  private boundPort = 0;
  /** Open client connections, so that `stop({ abrupt: true })` can drop them as a relay that died does. */
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: { port: number; dir?: string; keepInMemory?: boolean }) {}

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    if (this.options.dir) mkdirSync(this.options.dir, { recursive: true });
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          try {
            this.keep(
              session.envelope.rcptTo.map((r) => r.address),
              Buffer.concat(chunks),
            );
            callback();
          } catch (error) {
            callback(error as Error);
          }
        });
      },
    });
    this.server = server;
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // Started again after a stop, it listens where it did: a mailer pointed at it finds it again.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort || this.options.port, '127.0.0.1', () => resolve());
    });
    const address = server.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.options.port;
  }

  /** Resolves once `count` messages in all have arrived, or rejects after `timeoutMs`. */
  async waitForCount(count: number, timeoutMs = 10_000): Promise<CapturedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} emails, got ${this.messages.length} after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages.slice(0, count);
  }

  /**
   * Stops listening. By default connections in use may finish (SMTP's grace period); `abrupt`
   * resets them at once, as when a relay goes down, so tests can see a send meet a relay away.
   */
  async stop(options: { abrupt?: boolean } = {}): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if (options.abrupt) for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private keep(to: string[], raw: Buffer): void {
    const receivedAt = new Date();
    let file: string | undefined;
    if (this.options.dir) {
      const name = `${receivedAt.toISOString().replace(/[:.]/g, '-')}-${this.messages.length}.eml`;
      file = path.join(this.options.dir, name);
      writeFileSync(file, raw);
    }
    // A long-running engine keeps its mail on disk only; tests keep it in memory to inspect.
    if (this.options.keepInMemory) this.messages.push({ to, raw, receivedAt, file });
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
