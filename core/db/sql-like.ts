/** Text matched literally inside a LIKE pattern: `%`, `_` and the escape itself are escaped; use with `ESCAPE '\'`. */
export const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
