import { isIP } from 'node:net';
import { ValidateBy, ValidationOptions } from 'class-validator';

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The proxies whose X-Forwarded-For / -Proto / -Host Express believes (its `trust proxy` setting), from TRUST_PROXY:
 * addresses, subnets (10.0.0.0/8) or loopback / linklocal / uniquelocal, comma-separated. Unset: none, so the client
 * address is the socket's and a client cannot pick its own address for the throttles.
 */
export function trustedProxies(value: string | undefined): string[] | false {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.length ? entries : false;
}

export function IsTrustProxyList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustProxyList',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.split(',').every((e) => isProxyEntry(e.trim())),
        defaultMessage: () => 'TRUST_PROXY must list proxy addresses or subnets (e.g. 127.0.0.1,10.0.0.0/8) or loopback, linklocal, uniquelocal, comma-separated',
      },
    },
    options,
  );
}
