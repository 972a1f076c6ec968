import type { PluginDefinition } from '../core/plugin-api';
import { hospitalProcurementPlugin } from './hospital-procurement/hospital-procurement.plugin';
import { taxCollectionPlugin } from './tax-collection/tax-collection.plugin';
import { tbReferralPlugin } from './tb-referral/tb-referral.plugin';
import { villageJointMeetingPlugin } from './village-joint-meeting/village-joint-meeting.plugin';

/** The plugins this build ships; institutions enable them in config/institutions/*.yaml. */
export const INSTALLED_PLUGINS: PluginDefinition[] = [hospitalProcurementPlugin, taxCollectionPlugin, tbReferralPlugin, villageJointMeetingPlugin];
