import Link from "next/link";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { AuthPage } from "@/components/auth/auth-page";
import { currentPerson } from "@/components/auth/current-person";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignUp() {
  if (await currentPerson()) redirect("/schedules");
  if (env().SIGN_UP === "off") {
    return (
      <AuthPage title="Sign-up is closed" description="This Rota does not take new sign-ups.">
        <p className="text-sm text-muted">
          Ask the person who runs it for an account, or <Link className="text-accent underline" href="/sign-in">sign in</Link>.
        </p>
      </AuthPage>
    );
  }
  return (
    <AuthPage title="Create an account" description="You get a workspace of your own; nobody else's data is visible in it.">
      <SignInForm mode="sign-up" />
    </AuthPage>
  );
}
