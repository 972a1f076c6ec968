import type { LocalizedText, Role } from '../plugin-api';

/** A menu entry of a core module's screen; modules register theirs through their definition. */
export interface NavItem {
  href: string;
  label: LocalizedText;
  /** Roles (at the current institution) that see the item; everyone when absent. */
  roles?: Role[];
  /** Shown only where the current institution has units below it that the caller sees (a body overseeing units). */
  unitsBelow?: boolean;
  group: LocalizedText;
}
