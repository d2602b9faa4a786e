/** Splits `slack:C0123` into platform and id; `console` is its own platform and id. */
export function splitChannelKey(key: string): { platform: string; id: string } {
  const at = key.indexOf(':');
  return at === -1 ? { platform: key, id: key } : { platform: key.slice(0, at), id: key.slice(at + 1) };
}
