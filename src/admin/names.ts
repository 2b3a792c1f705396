import { badRequest } from "../http/errors";

/**
 * Sources and file names become R2 keys under inbox/: refuse anything that could climb out
 * of its folder or hide from a listing (`..`, separators, control characters, dot-files).
 */
export function sourceName(raw: string): string {
  const name = decode(raw, "source");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw badRequest(`source "${name}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  return name;
}

export function fileName(raw: string): string {
  const name = decode(raw, "file name");
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 255 || /[\u0000-\u001f\u007f/\\]/.test(name) || name.startsWith(".")) {
    throw badRequest(`file name "${name.replace(/[\u0000-\u001f]/g, "?")}" must be 1-255 characters without "/", "\\", control characters or a leading "."`);
  }
  return name;
}

function decode(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`the ${what} is not valid percent-encoding`);
  }
}
