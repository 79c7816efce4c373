// A local OAuth2 / OpenID Connect server standing in for Google in the BFF's integration
// tests (oauth2-mock-server, an ES module, hence its own process). It prints its issuer URL on
// the first line of stdout. Each JSON line written to its stdin becomes the profile that
// /userinfo returns from then on; it answers "ok" on stdout.
import { createInterface } from 'node:readline';
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
await server.start(0, '127.0.0.1');

let profile = { sub: '1000', email: 'user@example.com', email_verified: true, name: 'User' };
server.service.on('beforeUserinfo', (response) => {
  response.body = profile;
});

process.stdout.write(`${server.issuer.url}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  profile = JSON.parse(line);
  process.stdout.write('ok\n');
});
process.stdin.on('end', () => {
  server.stop().then(() => process.exit(0));
});
