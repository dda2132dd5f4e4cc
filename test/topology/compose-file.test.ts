import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../config/config-schema';

const repoRoot = path.join(__dirname, '..', '..');
const composePath = path.join(repoRoot, 'docker-compose.yml');

interface ComposeService {
  build?: unknown;
  image?: string;
  environment?: Record<string, unknown> | string[];
  ports?: (string | { published?: string | number; host_ip?: string; target?: number })[];
  networks?: string[] | Record<string, unknown>;
  profiles?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
}

/** dclint checks the file against the Compose Specification's JSON schema (and its error rules). */
function dclint(file: string) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/dclint/bin/dclint.cjs'), file, '--quiet', '--color', 'false'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as ComposeFile;
const networksOf = (service: ComposeService): string[] =>
  Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? { default: null });

describe('docker-compose.yml', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'aims-compose-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is a valid Compose file (dclint over the compose-spec schema), and the validator does refuse a broken one', () => {
    const result = dclint(composePath);
    expect(result.status, result.stdout + result.stderr).toBe(0);

    const broken = path.join(scratch, 'docker-compose.yml');
    writeFileSync(broken, 'services:\n  api:\n    image: example:1.0\n    restart: sometimes\n    not_a_key: true\n');
    const refused = dclint(broken);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/not_a_key|additional/i);
  });

  it("sets only variables the engine's config schema knows on the engine's services", () => {
    const known = new Set(Object.keys(envSchema.shape));
    const engineServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
    expect(engineServices.map(([name]) => name).sort()).toEqual(['api', 'worker']);
    for (const [name, service] of engineServices) {
      const names = Array.isArray(service.environment) ? service.environment.map((entry) => entry.split('=')[0]!) : Object.keys(service.environment ?? {});
      expect(names.length, name).toBeGreaterThan(5);
      expect(
        names.filter((variable) => !known.has(variable)),
        `${name} sets variables config/config-schema.ts does not read`,
      ).toEqual([]);
    }
  });

  it('runs a Temporal server image with a schema job (no deprecated auto-setup), the frontend on the internal network only', () => {
    const images = Object.values(compose.services).map((service) => service.image ?? '');
    expect(images.some((image) => image.startsWith('temporalio/auto-setup'))).toBe(false);
    expect(compose.services.temporal?.image).toMatch(/^temporalio\/server:\d+\.\d+\.\d+$/);
    expect(compose.services['temporal-schema']?.image).toMatch(/^temporalio\/admin-tools:/);

    // Who can reach the frontend can act as anyone: it publishes nothing, and its networks are internal.
    expect(compose.services.temporal?.ports ?? []).toEqual([]);
    for (const network of networksOf(compose.services.temporal!)) expect(compose.networks?.[network]?.internal, network).toBe(true);
    // Whatever is published is bound to an explicit interface, and nothing publishes 7233.
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) {
        const text = typeof port === 'string' ? port : `${port.host_ip ?? ''}:${port.published ?? ''}:${port.target ?? ''}`;
        expect(text, name).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+:\d+$/);
        expect(text.split(':')[2], name).not.toBe('7233');
      }
    }
    // The UI is a full client of the frontend: only on demand and on loopback.
    expect(compose.services['temporal-ui']?.profiles).toEqual(['ops']);
    expect(compose.services['temporal-ui']?.ports).toEqual(['127.0.0.1:8233:8080']);
  });
});
