import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, jsonResponse, type ServiceRequest, type ServiceResponse } from './protocol';

/** How the server reaches one emulated service. */
export interface ServiceRoute {
  handle(request: ServiceRequest): ServiceResponse | Promise<ServiceResponse>;
  /** Renders an error in the service's own protocol: the ApiErrors `handle` throws, and internal failures. */
  fail(error: ApiError): ServiceResponse;
}

/** Routes by SigV4 signing name, plus the plain-GET admin API under `/_sandbox`. */
export interface Routes {
  services: Record<string, ServiceRoute>;
  /** Answers an admin path, or undefined when there is nothing there. */
  admin(path: string): unknown;
}

const MAX_BODY = 10 * 1024 * 1024;

/**
 * Connections the kernel may hold for the server before it accepts them. One sandbox process
 * stands in for thousands of Lambda instances, so a cohort of thousands opens thousands of
 * connections to the emulator at once. With Node's default of 511 the kernel drops the rest of
 * such a burst's SYNs and resends them 1 s and 3 s later, and undici's 10 s connect timeout, a
 * timer on the sandbox's compressed clock (2 s real at time scale 5), fails them
 * (UND_ERR_CONNECT_TIMEOUT). The kernel caps it at net.core.somaxconn (4096 on current Linux).
 */
export const acceptBacklog = 65_535;

/** Starts the HTTP server; resolves once it listens. */
export async function listen(
  routes: Routes,
  host: string,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    answer(routes, req)
      .then((response) => write(res, response))
      .catch((error: unknown) => {
        console.error('emulator: unexpected error', error);
        write(res, jsonResponse(500, { __type: 'InternalFailure', message: 'Internal error' }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: acceptBacklog }, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** The service name from `Credential=AKID/20240101/us-east-1/<service>/aws4_request`. */
export function signingName(authorization: string | undefined): string | undefined {
  return /Credential=[^/,]+\/\d{8}\/[^/,]+\/([^/,]+)\/aws4_request/.exec(authorization ?? '')?.[1];
}

async function answer(routes: Routes, req: IncomingMessage): Promise<ServiceResponse> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const body = await readBody(req);
  if (body === undefined) return jsonResponse(413, { message: 'Request body too large' });
  if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
    if (req.method !== 'GET') return jsonResponse(405, { message: 'The admin API is read-only: use GET.' });
    const result = routes.admin(url.pathname.replace(/\/+$/, ''));
    return result === undefined
      ? jsonResponse(404, { message: `Nothing at ${url.pathname}` })
      : jsonResponse(200, result);
  }
  const service = signingName(req.headers.authorization);
  if (!service) {
    return jsonResponse(403, {
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  }
  const route = Object.hasOwn(routes.services, service) ? routes.services[service] : undefined;
  if (!route)
    return jsonResponse(400, {
      __type: 'UnrecognizedClientException',
      message: `No emulated service ${service}`,
    });
  const request: ServiceRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
  try {
    return await route.handle(request);
  } catch (error) {
    if (error instanceof ApiError) return route.fail(error);
    console.error(`emulator: ${service} failed`, error);
    return route.fail(new ApiError('InternalFailure', 'The emulator failed to process the request.', 500));
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, response: ServiceResponse): void {
  const body = Buffer.from(response.body);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}
