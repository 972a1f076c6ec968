/** Multer decodes multipart file names as latin1; browsers send UTF-8, so re-read the bytes (a name already beyond latin1 is kept). */
export function utf8FileName(name: string): string {
  if (!name || /[^\u0000-\u00ff]/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}
