/** Where the API is: the origin that served the app (the backend mounts it at /mobile/). */
export const API_ORIGIN: string = globalThis.location?.origin ?? '';

/** Counts the bytes a request and its answer cost, as near as a page can see them. */
export const meter = { bytes: 0 };

function headerBytes(headers: Headers): number {
  let size = 0;
  headers.forEach((value, name) => {
    size += name.length + value.length + 4;
  });
  return size;
}

async function requestBytes(request: Request): Promise<number> {
  const body = request.body ? (await request.clone().arrayBuffer()).byteLength : 0;
  return request.method.length + request.url.length + headerBytes(request.headers) + body + 12;
}

async function responseBytes(response: Response): Promise<number> {
  const declared = Number(response.headers.get('content-length'));
  const body = Number.isFinite(declared) && response.headers.has('content-length')
    ? declared // the bytes on the wire, compressed or not
    : (await response.clone().arrayBuffer()).byteLength;
  return headerBytes(response.headers) + body + 17;
}

/** `fetch`, with the bytes added to `meter` (a network failure still costs the request). */
export async function meteredFetch(request: Request): Promise<Response> {
  meter.bytes += await requestBytes(request);
  const response = await fetch(request);
  meter.bytes += await responseBytes(response);
  return response;
}
