export * from './accounts';
export * from './audit';
export * from './conversations';
export * from './generations';
export * from './jobs';
export * from './references';
export * from './reviews';
export * from './search';
