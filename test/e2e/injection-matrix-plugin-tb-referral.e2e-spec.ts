import { pluginInjectionSuite } from '../support/injection-matrix-plugins';

jest.setTimeout(300_000);

pluginInjectionSuite('tb-referral');
