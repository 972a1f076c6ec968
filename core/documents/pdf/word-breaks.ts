/**
 * Pieces of a text that a line may not break inside (GB/T 9704 7.3.3: titles keep words whole): the segmenter's words,
 * punctuation held to the word before it (an opening mark to the word after it), and a lone character kept with the words
 * beside it unless it is a particle (的, 与, 对 …), since the segmenter splits words it does not know (供应|商, 整|改).
 * The renderer's page runs this same function (passed as source), so it uses nothing from outside itself.
 */
export function wordGroups(text: string, segmenter: Intl.Segmenter): string[] {
  const loose = '的之与和及或对在于为由向从把被将并';
  const opening = '“‘（《〈「『【〔([{';
  const groups: string[] = [];
  let glueNext = false;
  let prevSticky = false;
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    const space = /^\s+$/.test(segment);
    const opens = !isWordLike && !space && opening.includes(segment[0]);
    const closes = !isWordLike && !space && !opens;
    const sticky = !!isWordLike && [...segment].length === 1 && !loose.includes(segment);
    if (groups.length && !space && (glueNext || closes || sticky || prevSticky)) groups[groups.length - 1] += segment;
    else if (groups.length && space) groups[groups.length - 1] += segment;
    else groups.push(segment);
    glueNext = opens;
    prevSticky = sticky && !space;
    if (space) prevSticky = false;
  }
  return groups;
}

/** Runs of digits with their separators and unit (343,273.68元, 2,000,000.00, 12.5%): never broken across lines. */
export const NUMBER_RUN = /\d+(?:[,.]\d+)*[%％‰元]?/g;
