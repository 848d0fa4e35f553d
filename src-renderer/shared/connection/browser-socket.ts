import type { SocketLike } from './core-connection';

/**
 * Opens a real browser WebSocket as the connection's SocketLike. The DOM handler signatures take
 * full MessageEvent/CloseEvent objects; the connection only reads `data` and `code`, which both
 * have, hence the single cast here rather than DOM types leaking into the connection.
 */
export function openBrowserSocket(url: string): SocketLike {
  return new WebSocket(url) as unknown as SocketLike;
}
