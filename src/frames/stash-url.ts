/**
 * Stash writes absolute URLs with the host it believes it has; the sidecar may reach it under another name
 * (a container network). Paths on another origin are taken to be Stash's own and moved onto STASH_URL.
 */
export function onStash(url: string, stashUrl: string | undefined): string {
  if (!stashUrl) return url;
  try {
    const u = new URL(url, stashUrl);
    const b = new URL(stashUrl);
    if (u.origin === b.origin) return u.toString();
    const prefix = b.pathname.replace(/\/+$/, '');
    return new URL(`${prefix}${u.pathname.startsWith(prefix + '/') ? u.pathname.slice(prefix.length) : u.pathname}${u.search}`, b.origin).toString();
  } catch {
    return url;
  }
}
