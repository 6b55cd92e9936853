// A stand-in for `fetch` handed to the SDK through its `fetch` option: it records each request
// the SDK builds and answers with a canned response, so a test can check the URL, method,
// headers and body without a server. (Over-the-wire tests use the mock server instead.)

export interface StubFetch {
  readonly fetch: typeof fetch;
  readonly requests: Request[];
}

export function stubFetch(answer: (request: Request) => Response): StubFetch {
  const requests: Request[] = [];
  const stub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    return answer(request.clone());
  };
  return { fetch: stub, requests };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function onlyRequest(stub: StubFetch): Request {
  if (stub.requests.length !== 1) {
    throw new Error(`expected exactly one request, got ${stub.requests.length}`);
  }
  return stub.requests[0]!;
}
