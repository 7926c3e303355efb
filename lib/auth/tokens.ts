import { createHash, randomBytes } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');
export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
