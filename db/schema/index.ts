export * from './accounts';
export * from './conversations';
export * from './audit';
export * from './generations';
export * from './search';
export * from './references';
