/** The `name=value` pairs a browser submits from the page's record form: inputs (a checked box, never a submit button
 *  that was not clicked), the selected options and textareas; a name given more than once becomes a list. */
export function formFields(html: string): Record<string, string | string[]> {
  const formHtml = /<form method="post"[^>]*class="record-form"[\s\S]*?<\/form>/.exec(html)![0];
  const out: Record<string, string | string[]> = {};
  const add = (k: string, v: string) => {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  };
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  for (const m of formHtml.matchAll(/<input ([^>]*)>/g)) {
    const attr = (a: string) => new RegExp(`${a}="([^"]*)"`).exec(m[1])?.[1];
    const name = attr('name');
    if (!name || name === '_csrf' || attr('type') === 'submit') continue;
    if (attr('type') === 'checkbox') {
      if (/ checked/.test(m[1])) add(name, attr('value') ?? 'on');
    } else add(name, unescape(attr('value') ?? ''));
  }
  for (const m of formHtml.matchAll(/<select name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) add(m[1], /<option value="([^"]*)" selected>/.exec(m[2])?.[1] ?? '');
  for (const m of formHtml.matchAll(/<textarea name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1], unescape(m[2]));
  return out;
}
