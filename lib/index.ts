export * from './hivemq-cluster';
export * from './storage-profile';
export * from './storage-sizing';
export * from './extension-source';
export * from './listener';
export * from './placement';
