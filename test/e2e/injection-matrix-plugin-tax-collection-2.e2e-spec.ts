import { pluginInjectionSuite } from '../support/injection-matrix-plugins';

jest.setTimeout(300_000);

// Seven record types: split over two files to stay within minutes each.
pluginInjectionSuite('tax-collection', 1, 2);
