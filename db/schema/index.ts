export * from './accounts';
export * from './audit';
export * from './conversations';
export * from './generations';
export * from './jobs';
export * from './references';
export * from './search';
export * from './reviews';
