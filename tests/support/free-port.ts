import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 right now (the kernel's pick), for a server a test starts itself (a
 * camera that refuses, a private PostgreSQL). Shared so every suite binds loopback the same way.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
