/** A label or message in both languages; Chinese is shown when English is empty. */
export interface LocalizedText {
  zh: string;
  en: string;
}
