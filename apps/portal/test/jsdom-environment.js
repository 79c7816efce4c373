// jsdom plus the Fetch API classes of Node (Request, Response, Headers, AbortController...),
// which jsdom lacks and React Router's memory router uses for navigations. They come from
// the same realm together: Node's Request refuses an AbortSignal made by jsdom.
const { TestEnvironment } = require('jest-environment-jsdom');

class PortalEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, {
      Request,
      Response,
      Headers,
      FormData,
      AbortController,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      ReadableStream,
    });
  }
}

module.exports = PortalEnvironment;
