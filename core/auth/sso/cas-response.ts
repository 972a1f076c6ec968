import { SaxesParser } from 'saxes';

const CAS_NS = 'http://www.yale.edu/tp/cas';
const MAX_CHARS = 64 * 1024;

export type CasResult = { ok: true; user: string } | { ok: false; code: string };

/**
 * Reads a CAS 3 serviceValidate answer. saxes never loads external entities; a DOCTYPE is refused outright so no
 * declared entity (or billion-laughs expansion) can be smuggled in, and only the CAS namespace's elements count.
 */
export function parseCasResponse(xml: string): CasResult {
  if (xml.length > MAX_CHARS) return { ok: false, code: 'RESPONSE_TOO_LARGE' };
  const parser = new SaxesParser({ xmlns: true });
  const path: string[] = [];
  let user = '';
  let failure: string | null = null;
  let success = false;
  let problem: string | null = null;
  parser.on('doctype', () => (problem ??= 'DOCTYPE_REFUSED'));
  parser.on('error', (err) => (problem ??= `INVALID_XML: ${err.message.slice(0, 100)}`));
  parser.on('opentag', (tag) => {
    const name = tag.uri === CAS_NS ? tag.local : `{${tag.uri}}${tag.local}`;
    path.push(name);
    const at = path.join('/');
    if (at === 'serviceResponse/authenticationSuccess') success = true;
    if (at === 'serviceResponse/authenticationFailure') failure = String((tag.attributes as Record<string, { value: string }>).code?.value ?? 'UNKNOWN');
  });
  parser.on('text', (text) => {
    if (path.join('/') === 'serviceResponse/authenticationSuccess/user') user += text;
  });
  parser.on('closetag', () => path.pop());
  try {
    parser.write(xml).close();
  } catch (err) {
    problem ??= `INVALID_XML: ${(err as Error).message.slice(0, 100)}`;
  }
  if (problem) return { ok: false, code: problem };
  if (failure !== null) return { ok: false, code: failure };
  if (success && user.trim()) return { ok: true, user: user.trim() };
  return { ok: false, code: 'NO_USER' };
}
