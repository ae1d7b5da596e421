export * from './app-config';
export * from './trust-keys';
