import type { NamedMigration } from '../../db/migration-runner';
import { RiskSchema0001 } from './0001-risk-schema';
import { RiskIndexFactors0002 } from './0002-index-factors';

/** Migrations of the risk module, applied in this order, tracked by name (prefix "risk-"). */
export const RISK_MIGRATIONS: NamedMigration[] = [new RiskSchema0001(), new RiskIndexFactors0002()];
