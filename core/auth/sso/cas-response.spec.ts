import { parseCasResponse } from './cas-response';

const NS = 'xmlns:cas="http://www.yale.edu/tp/cas"';

describe('parseCasResponse (CAS 3 serviceValidate)', () => {
  it('reads cas:user of a success, whatever the prefix', () => {
    expect(parseCasResponse(`<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user> hosp-jijian </cas:user><cas:attributes><cas:user>other</cas:user></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>`)).toEqual({ ok: true, user: 'hosp-jijian' });
    expect(parseCasResponse(`<x:serviceResponse xmlns:x="http://www.yale.edu/tp/cas"><x:authenticationSuccess><x:user>a.b</x:user></x:authenticationSuccess></x:serviceResponse>`)).toEqual({ ok: true, user: 'a.b' });
  });

  it('answers the failure code', () => {
    expect(parseCasResponse(`<cas:serviceResponse ${NS}><cas:authenticationFailure code="INVALID_TICKET">no</cas:authenticationFailure></cas:serviceResponse>`)).toEqual({ ok: false, code: 'INVALID_TICKET' });
  });

  it('refuses a DOCTYPE, so no external entity is read and no entity expands', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>&x;</cas:user></cas:authenticationSuccess></cas:serviceResponse>`;
    expect(parseCasResponse(xxe)).toEqual({ ok: false, code: 'DOCTYPE_REFUSED' });
    const laughs = `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>&b;</cas:user></cas:authenticationSuccess></cas:serviceResponse>`;
    expect(parseCasResponse(laughs)).toEqual({ ok: false, code: 'DOCTYPE_REFUSED' });
  });

  it('does not take a user from another namespace, an undeclared entity or broken XML', () => {
    expect(parseCasResponse(`<serviceResponse><authenticationSuccess><user>admin</user></authenticationSuccess></serviceResponse>`)).toEqual({ ok: false, code: 'NO_USER' });
    expect(parseCasResponse(`<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>&x;</cas:user></cas:authenticationSuccess></cas:serviceResponse>`).ok).toBe(false);
    expect(parseCasResponse(`<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>admin</cas:user>`).ok).toBe(false);
    expect(parseCasResponse('x'.repeat(70_000))).toEqual({ ok: false, code: 'RESPONSE_TOO_LARGE' });
  });
});
