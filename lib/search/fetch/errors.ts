import { AppError, type ErrorCode } from '../../errors';

export type RefusalReason =
  | 'address'
  | 'port'
  | 'scheme'
  | 'robots'
  | 'content-type'
  | 'size'
  | 'redirects'
  | 'timeout'
  | 'network'
  | 'status';

const CODE: Record<RefusalReason, ErrorCode> = {
  address: 'forbidden',
  port: 'forbidden',
  scheme: 'bad_request',
  robots: 'forbidden',
  'content-type': 'bad_request',
  size: 'payload_too_large',
  redirects: 'provider_error',
  timeout: 'provider_error',
  network: 'provider_error',
  status: 'provider_error',
};

/** A fetch that was refused or failed, with a one-line reason a person can act on. */
export class FetchError extends AppError {
  readonly reason: RefusalReason;
  readonly url: string;
  constructor(reason: RefusalReason, url: string, message: string) {
    super(CODE[reason], message);
    this.reason = reason;
    this.url = url;
  }
}

/** For logs and messages: the URL without credentials, query or fragment. */
export function displayUrl(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return String(url).slice(0, 200);
  }
}
