// JSON over fetch; errors become ApiError carrying the RFC 9457 problem the service sends.

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem && typeof problem === 'object' ? problem.detail : problem;
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem && typeof problem === 'object' ? problem : null;
  }

  /** [{field, message}] from the problem, possibly empty. */
  get errors() {
    return (this.problem && Array.isArray(this.problem.errors)) ? this.problem.errors : [];
  }
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}

/** The few lists that never change while the service runs, fetched once. */
const cached = new Map();
export function once(path) {
  if (!cached.has(path)) {
    const promise = api(path).catch((e) => {
      cached.delete(path);
      throw e;
    });
    cached.set(path, promise);
  }
  return cached.get(path);
}
