// TEST STAND-IN, not shipped: plays the program of any web or internal app image (Outline, a
// notifier…) that cannot run here. It listens on every port given, answers its health path, and
// on any other path echoes what reached it: the Host, the request headers, and the NAMES (never
// the values) of the environment variables its entrypoint loaded.
import { createServer } from 'node:http';

const ports = process.argv.slice(2).map(Number).filter((p) => p > 0);
if (ports.length === 0) {
  console.error('web-app stand-in: give at least one port');
  process.exit(2);
}
for (const port of ports) {
  createServer((req, res) => {
    const body = JSON.stringify({
      standIn: 'web-app',
      port,
      method: req.method,
      url: req.url,
      headers: req.headers,
      envNames: Object.keys(process.env).sort(),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  }).listen(port, '0.0.0.0', () => console.log(`web-app stand-in listening on ${port}`));
}
process.on('SIGTERM', () => process.exit(0));
