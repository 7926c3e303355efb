import { sign, verify } from 'node:crypto';
import { describePublicKey, type SigningKey } from '../audit/signing-key';
import { SIGNATURE_CONTEXT } from './format';

const signed = (sums: Uint8Array) => Buffer.concat([Buffer.from(SIGNATURE_CONTEXT), sums]);

/** The signature file: base64 ed25519 over the context line and SHA256SUMS. */
export function signSums(key: SigningKey, sums: Uint8Array): Buffer {
  return Buffer.from(`${sign(null, signed(sums), key.privateKey).toString('base64')}\n`);
}

/** Whether `signatureFile` is the signature of `sums` by the SPKI (base64) public key. */
export function sumsSignatureHolds(publicKey: string, sums: Uint8Array, signatureFile: Uint8Array) {
  try {
    const { key } = describePublicKey(publicKey);
    const sig = Buffer.from(Buffer.from(signatureFile).toString('ascii').trim(), 'base64');
    return sig.length === 64 && verify(null, signed(sums), key, sig);
  } catch {
    return false;
  }
}
