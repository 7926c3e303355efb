export * from './accounts';
export * from './conversations';
export * from './audit';
