import type { ScreenDef } from '../plugin-api';

/**
 * A record's own page among the screens an institution has (PluginHost.screensFor): the edit form its type's list
 * rows open (the list's `editScreen`, else the type's first creating form that is editable), which shows the record
 * read-only to whoever may not change it; null when that institution has no such screen.
 */
export function recordHref(screens: { pluginId: string; screen: ScreenDef }[], pluginId: string, recordType: string, id: number): string | null {
  const own = screens.filter((s) => s.pluginId === pluginId && s.screen.recordType === recordType).map((s) => s.screen);
  const named = own.find((s) => s.kind === 'list' && !s.show && s.editScreen)?.editScreen;
  const form = own.find((s) => s.kind === 'form' && s.editable !== false && (named ? s.id === named : s.creates !== false));
  return form ? `/p/${pluginId}/${form.id}/${id}/edit` : null;
}
