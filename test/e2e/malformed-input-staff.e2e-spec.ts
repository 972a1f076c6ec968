import { describeMalformedInput } from '../support/malformed-input';

// Jest ignores a project-level testTimeout, so the suite sets its own bound.
jest.setTimeout(60_000);

describeMalformedInput(['mal-staff'], { messages: false, parserPayloads: 'odd' });
