import { pluginInjectionSuite } from '../support/injection-matrix-plugins';

jest.setTimeout(300_000);

// Five record types, decisions slow to write on PostgreSQL: split over two files to stay within minutes each.
pluginInjectionSuite('village-joint-meeting', 0, 2);
