import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { AuthPage } from "@/components/auth/auth-page";
import { currentPerson } from "@/components/auth/current-person";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignIn() {
  if (await currentPerson()) redirect("/schedules");
  return (
    <AuthPage title="Sign in" description="Schedules, runs and findings of your workspace.">
      <SignInForm mode="sign-in" signUpOpen={env().SIGN_UP === "on"} />
    </AuthPage>
  );
}
