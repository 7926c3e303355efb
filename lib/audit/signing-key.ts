import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

export type SigningKey = {
  privateKey: KeyObject;
  /** SPKI DER, base64: what a checkpoint stores. */
  publicKey: string;
  /** sha256 of the SPKI DER, hex. */
  keyId: string;
};

const FILE = 'audit-ed25519.pem';

export function describePublicKey(spkiBase64: string): { key: KeyObject; keyId: string } {
  const der = Buffer.from(spkiBase64, 'base64');
  return {
    key: createPublicKey({ key: der, format: 'der', type: 'spki' }),
    keyId: createHash('sha256').update(der).digest('hex'),
  };
}

function fromPrivate(privateKey: KeyObject): SigningKey {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    privateKey,
    publicKey: der.toString('base64'),
    keyId: createHash('sha256').update(der).digest('hex'),
  };
}

/**
 * The installation's checkpoint key under `<stateDir>/keys/`, created on first use with mode
 * 0600. It lives beside the data, never in the database, so the database owner alone cannot sign.
 */
export function loadSigningKey(stateDir: string): SigningKey {
  const dir = path.join(stateDir, 'keys');
  const file = path.join(dir, FILE);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
    try {
      // 'wx': two processes creating it at once keep the first one's key.
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  try {
    const key = createPrivateKey(fs.readFileSync(file));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an ed25519 key');
    return fromPrivate(key);
  } catch {
    throw new AppError('conflict', `the audit signing key ${file} is not a readable ed25519 key`);
  }
}
