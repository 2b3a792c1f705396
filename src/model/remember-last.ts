/**
 * `read` that gives its last answer again when asked the same text as the time before: a file's
 * entries come a day at a time, so most dates read are the one read just before.
 */
export function rememberLast<T>(read: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let last: T | undefined;
  return (text) => {
    if (text !== lastText) {
      last = read(text);
      lastText = text;
    }
    return last as T;
  };
}
