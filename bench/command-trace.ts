// `npm run bench -- --trace FILE`: where one command's time goes. During the one-at-a-time
// scenario every HTTP call and every SQL statement the engine sends is written with its instant,
// and at its end the history of the last case with each event's server time, all on one clock
// (ms since this process started), sorted: the gaps between an update's arrival, its local
// activity's statements, the workflow task's completion and the answer's reads can be read off.
import { writeFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';

class CommandTrace {
  private lines: string[] | undefined;

  start(): void {
    this.lines = [];
  }

  /** An HTTP call's start or end (`scenarioA`). */
  call(line: string): void {
    this.lines?.push(`${performance.now().toFixed(1)} === ${line}`);
  }

  /** A statement on its way to PostgreSQL (`SqlCounter`). */
  sql(text: string): void {
    this.lines?.push(`${performance.now().toFixed(1)} SQL ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
  }

  /** Adds the workflow's history at its server times and writes everything to `file`. */
  async finish(client: Client, workflowId: string | undefined, file: string): Promise<void> {
    const lines = this.lines ?? [];
    this.lines = undefined;
    if (workflowId) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      for (const event of history.events ?? []) {
        const at = Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6) - performance.timeOrigin;
        const kind = Object.keys(event).find((k) => k.endsWith('Attributes')) ?? '?';
        const attributes = (
          event as Record<string, { activityType?: { name?: string }; markerName?: string; acceptedRequest?: { input?: { name?: string } } }>
        )[kind];
        const name = attributes?.activityType?.name ?? attributes?.markerName ?? attributes?.acceptedRequest?.input?.name ?? '';
        lines.push(`${at.toFixed(1)} EVT ${String(event.eventId)} ${kind.replace(/EventAttributes$/, '')} ${name}`);
      }
    }
    writeFileSync(file, `${lines.sort((a, b) => parseFloat(a) - parseFloat(b)).join('\n')}\n`);
  }
}

export const commandTrace = new CommandTrace();
