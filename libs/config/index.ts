export * from './app-config';
export * from './trust-keys';
export * from './install-keys';
