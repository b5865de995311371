import net from 'node:net';

/**
 * A port nothing listens on right now, chosen by the OS on the loopback interface. Another process
 * may still take it before the server binds; the server's own error then says so in its terminal.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('the OS gave no free port'))));
    });
  });
}
