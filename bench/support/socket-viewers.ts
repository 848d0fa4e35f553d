/**
 * A separate process holding K sockets on one camera, so the benchmark measures the core's
 * fan-out cost without the viewers' own CPU in the same process.
 * argv: origin token cameraId profile K
 */
import WebSocket from 'ws';

const [origin = '', token = '', cameraId = '', profile = 'grid', countArg = '1'] = process.argv.slice(2);
const count = Number(countArg);
let bytes = 0;
for (let i = 0; i < count; i += 1) {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { origin });
  socket.on('open', () => socket.send(JSON.stringify({ type: 'watch', slot: 1, cameraId, profile })));
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) bytes += data.length;
  });
}
setInterval(() => process.stdout.write(`${bytes}\n`), 1000);
