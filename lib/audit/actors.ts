export const LOCAL_OPERATOR = 'operator:local';
export const SYSTEM = 'system';
export const userActor = (userId: string) => `user:${userId}`;
export const anonymousActor = (ip: string) => `anonymous:${ip}`;
