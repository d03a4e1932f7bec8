// Server components: who is signed in (from the request's cookie), or off to the sign-in page.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { sessionTenant } from "@/lib/auth/people";
import { getPeopleAuth } from "@/lib/auth/session";

export async function currentPerson() {
  const [db, auth] = await Promise.all([getDb(), getPeopleAuth()]);
  return sessionTenant(auth, db, await headers());
}

export async function requirePerson() {
  const person = await currentPerson();
  if (!person) redirect("/sign-in");
  return person;
}
