// next-auth sends people back here with ?error=<code>. Known codes get a sentence; anything else a
// generic one: the query string is never shown as-is, so a crafted link cannot put words on this page.
const MESSAGES: Record<string, string> = {
  OAuthNotInvited: "That account's email address has no access to this Origin Watch. Ask an admin to add you with the same email, then try again.",
  OAuthNoEmail: "The provider did not share an email address, so we cannot match you to an account. Make your email visible to the provider, or sign in with email and password.",
  OAuthSignin: "Could not start signing in with that provider. Try again.",
  OAuthCallback: "Signing in with that provider did not complete. Try again.",
  OAuthAccountNotLinked: "This email is already linked to another way of signing in. Use that one.",
  Callback: "Signing in did not complete. Try again.",
  AccessDenied: "Access denied.",
  Configuration: "Sign-in is not configured correctly on the server. Tell whoever runs this Origin Watch.",
  SessionRequired: "Sign in to continue.",
  CredentialsSignin: "Wrong email or password.",
};

export function signInErrorMessage(code: string | string[] | undefined): string | null {
  const value = Array.isArray(code) ? code[0] : code;
  if (!value) return null;
  return MESSAGES[value] ?? "Sign-in failed. Try again.";
}
