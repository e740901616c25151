import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: {
      id?: string;
      email?: string | null;
      name?: string | null;
      image?: string | null;
      /** This session's random id and when it was signed in (epoch ms): see lib/auth/session.ts. */
      sid?: string;
      signedInAt?: number;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
    signedInAt?: number;
  }
}
