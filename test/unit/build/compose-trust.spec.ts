import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const compose = readFileSync(resolve(__dirname, '../../../docker-compose.yml'), 'utf8');
/** every `- 'host:container'` port mapping of the file */
const published = [...compose.matchAll(/^\s+-\s+'?([\d.:]+:\d+)'?\s*$/gm)].map((m) => m[1]!);

describe('docker-compose.yml keeps Temporal inside its network (issue 8 §4)', () => {
  it("publishes neither Temporal's frontend nor the Web UI beyond the host's loopback", () => {
    expect(published.filter((p) => p.endsWith(':7233'))).toEqual([]);
    for (const p of published.filter((p) => p.endsWith(':8080') || p.endsWith(':8233'))) {
      expect(p.startsWith('127.0.0.1:')).toBe(true);
    }
  });

  it('requires client certificates at the frontend and gives the API and workers theirs, and the trust keys', () => {
    expect(compose).toContain("TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true'");
    expect(compose).toMatch(/TEMPORAL_TLS_CERT: \/certs\/client\.pem/);
    expect(compose).toMatch(/ACTOR_ASSERTION_KEYS: \$\{ACTOR_ASSERTION_KEYS:\?/);
    expect(compose).toMatch(/PAYLOAD_KEYS: \$\{PAYLOAD_KEYS:\?/);
    expect(compose).toMatch(/TEMPORAL_CODEC_ENDPOINT: .*\/api\/codec/);
  });
});
