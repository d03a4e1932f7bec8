// People of the web UI in API tests: sign up and sign in through better-auth's real routes, and the
// session cookie those set.
import { expect } from "vitest";

export type Session = { cookie: string; origin: string };

export async function signUp(baseUrl: string, email: string, password = "correct horse battery"): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password, name: email.split("@")[0] }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return { cookie: cookieOf(res), origin: baseUrl };
}

export async function signIn(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl, ...headers },
    body: JSON.stringify({ email, password }),
  });
}

export function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
