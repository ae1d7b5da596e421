import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../../../libs/config';
import { trustedClientOptions } from '../../../libs/temporal-trust';

/**
 * Connects the API's Temporal client; mTLS (client cert + key, optional private CA) when TEMPORAL_TLS_* are set.
 * Payloads are encrypted and every update carries a signed actor assertion (libs/temporal-trust, issue 8 §4).
 */
export async function connectTemporalClient(config: AppConfig): Promise<{ client: Client; connection: Connection }> {
  const tls = config.temporal.tls;
  const connection = await Connection.connect({
    address: config.temporal.address,
    ...(tls
      ? {
          tls: {
            clientCertPair: { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) },
            ...(tls.caPath ? { serverRootCACertificate: readFileSync(tls.caPath) } : {}),
          },
        }
      : {}),
  });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    ...trustedClientOptions(config.trust),
  });
  return { client, connection };
}
