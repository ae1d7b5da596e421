export * from './payload-codec';
export * from './actor-assertion.client-interceptor';
export * from './trust-options';
