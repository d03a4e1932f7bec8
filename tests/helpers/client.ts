// A small HTTP client and data factories for the API tests. Each test makes its own tenant through
// the real admin API, so tests never share data. Every response is checked against the OpenAPI
// document the server publishes (tests/helpers/contract.ts), so a test that meets an undocumented
// status or a body the document does not describe fails, whatever it asserts itself.
import { assertConforms } from "./contract";

export const ADMIN_TOKEN = "test-admin-token";

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers; bytes?: Uint8Array };

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly key?: string,
  ) {}

  as(key: string | undefined) {
    return new ApiClient(this.baseUrl, key);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: {
      raw?: string;
      headers?: Record<string, string>;
      /** The body's Content-Type; default `application/json` when there is a body, null sends none. */
      contentType?: string | null;
      /**
       * Why this response is not checked against the OpenAPI document. Only for requests that are
       * deliberately outside the API (unknown paths); keep it rare.
       */
      unchecked?: string;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.key !== undefined) headers.authorization = `Bearer ${this.key}`;
    let payload: string | undefined = opts.raw;
    if (body !== undefined) payload = JSON.stringify(body);
    const contentType = opts.contentType === undefined ? (payload !== undefined ? "application/json" : null) : opts.contentType;
    if (contentType !== null) headers["content-type"] = contentType;
    // Bytes, not a string: fetch would declare a string body text/plain when no type is given.
    const bytesOut = payload === undefined ? undefined : new TextEncoder().encode(payload);
    const res = await fetch(this.baseUrl + path, { method, headers, body: bytesOut });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    if (opts.unchecked === undefined) {
      await assertConforms(this.baseUrl, { method, path, status: res.status, headers: res.headers, text, bytes });
    }
    let parsed: any = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed as T, headers: res.headers, bytes };
  }

  get = <T = any>(path: string) => this.request<T>("GET", path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>("POST", path, body ?? {});
  patch = <T = any>(path: string, body: unknown) => this.request<T>("PATCH", path, body);
  put = <T = any>(path: string, body: unknown) => this.request<T>("PUT", path, body);
  del = <T = any>(path: string) => this.request<T>("DELETE", path);

  // Factories
  async tenant(input: Record<string, unknown> = {}) {
    const admin = new ApiClient(this.baseUrl, ADMIN_TOKEN);
    const res = await admin.post("/api/admin/tenants", { name: "Test tenant", ...input });
    if (res.status !== 201) throw new Error(`tenant: ${res.status} ${JSON.stringify(res.body)}`);
    return { client: this.as(res.body.api_key), tenant: res.body.tenant, key: res.body.api_key as string };
  }

  async project(input: Record<string, unknown> = {}) {
    return this.created(await this.post("/api/v1/projects", { name: "Shop", base_url: "https://shop.test", ...input }));
  }

  async journey(projectId: string, input: Record<string, unknown> = {}) {
    return this.created(await this.post("/api/v1/journeys", { project_id: projectId, name: "Checkout", ...input }));
  }

  async testPlan(projectId: string, journeyIds: string[], input: Record<string, unknown> = {}) {
    return this.created(
      await this.post("/api/v1/test-plans", { project_id: projectId, name: "Smoke", journey_ids: journeyIds, ...input }),
    );
  }

  async schedule(projectId: string, input: Record<string, unknown> = {}) {
    return this.created(await this.post("/api/v1/schedules", { project_id: projectId, name: "Nightly", ...input }));
  }

  async item(scheduleId: string, input: Record<string, unknown>) {
    return this.created(await this.post(`/api/v1/schedules/${scheduleId}/items`, input));
  }

  private created(res: ApiResponse) {
    if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}
