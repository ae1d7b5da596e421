import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../../../libs/config';

/** Connects the API's Temporal client; mTLS (client cert + key, optional private CA) when TEMPORAL_TLS_* are set. */
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
  return { client: new Client({ connection, namespace: config.temporal.namespace }), connection };
}
